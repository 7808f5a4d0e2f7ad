import type { Session } from './Session.js';
import type { Event } from './Event.js';

const REDRAW_MS = 250;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/**
 * The live status line on a terminal: run x/N, test case k/M with its parameters, elapsed
 * and estimated remaining time, events/s. Log lines clear it first (see Logger's
 * beforeWrite) and it is redrawn on the next tick, so the two never garble each other.
 */
export class ProgressLine {
  private timer: NodeJS.Timeout | null = null;
  private shown = false;
  private started = performance.now();
  private caseIndex = 0;
  private caseParams: Record<string, unknown> = {};
  private lastEvents = 0;
  private lastTime = performance.now();
  private rate = 0;
  private caseDurations: number[] = [];
  private caseStarted = performance.now();

  constructor(
    private readonly session: Session,
    private readonly out: NodeJS.WriteStream,
    /** Test cases per run, when the policies know them. */
    private readonly casesPerRun: number | null,
  ) {}

  start(): void {
    this.session.bus.subscribe((e: Event) => this.onUpdate(e), { events: ['ParameterUpdateEvent', 'RestartEvent'], order: 100 });
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  private onUpdate(e: Event): void {
    if (e.event === 'RestartEvent') {
      this.caseIndex = 0;
      return;
    }
    const now = performance.now();
    if (this.caseIndex > 0) this.caseDurations.push((now - this.caseStarted) / 1000);
    this.caseStarted = now;
    this.caseIndex += 1;
    this.caseParams = e.parameters as Record<string, unknown>;
  }

  /** Erases the line (before a log line is written). */
  clear(): void {
    if (!this.shown) return;
    this.out.write('\r\x1b[2K');
    this.shown = false;
  }

  private text(): string {
    const now = performance.now();
    const events = this.session.bus.dispatched;
    const dt = (now - this.lastTime) / 1000;
    if (dt >= 1) {
      this.rate = (events - this.lastEvents) / dt;
      this.lastEvents = events;
      this.lastTime = now;
    }
    const runs = this.session.runs;
    const elapsed = (now - this.started) / 1000;
    const total = this.casesPerRun === null ? null : this.casesPerRun * runs;
    const done = (this.session.run - 1) * (this.casesPerRun ?? 0) + Math.max(0, this.caseIndex - 1);
    let eta = '';
    if (total !== null && this.caseDurations.length > 0) {
      const mean = this.caseDurations.reduce((a, b) => a + b, 0) / this.caseDurations.length;
      eta = ` ETA ${clock(Math.max(0, total - done) * mean - (now - this.caseStarted) / 1000)}`;
    }
    const params = Object.entries(this.caseParams).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    const cases = this.caseIndex === 0 ? 'starting' : `case ${this.caseIndex}${this.casesPerRun === null ? '' : `/${this.casesPerRun}`}`;
    return `run ${Math.max(1, this.session.run)}/${runs} ${cases} ${params} | ${clock(elapsed)}${eta} | ${Math.round(this.rate)} ev/s`;
  }

  private draw(): void {
    const width = this.out.columns || 100;
    const line = this.text();
    this.out.write(`\r\x1b[2K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`);
    this.shown = true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clear();
  }
}
