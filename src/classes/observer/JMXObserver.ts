import { execFile } from 'node:child_process';
import { Observer } from './Observer.js';
import { Event } from '../../core/Event.js';
import { EventFilter } from '../../core/EventFilter.js';
import { compileExpression, type Expression } from '../../core/Expression.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { JmxHelper, type JmxTarget } from '../../services/JmxHelper.js';
import { jmxHelperLauncher } from '../../services/jmxHelperLauncher.js';

interface JmxMetric {
  field: string;
  mbean: string;
  attrib: string;
  value: Expression | null;
}

const CONNECT_KEYS = ['host', 'port', 'pid_from'];
const METRIC_KEYS = ['field', 'mbean', 'attrib', 'value'];
const EVENT_KEYS = ['activate', 'deactivate'];
const PID_FROM_TIMEOUT_MS = 30_000;

/**
 * Reads MBean attributes of a running JVM through a Java helper process and publishes them
 * as JMXMeasurement events. The helper runs between the activate and the deactivate event.
 */
export class JMXObserver extends Observer {
  static readonly className = 'observer.JMXObserver';
  static readonly description = 'Connects to the Java management interface (JMX) of a running Java application and extracts the given metrics as JMXMeasurement events.';
  static readonly publishes = ['JMXMeasurement'] as const;
  static readonly options: OptionSpec = {
    connect: {
      type: 'object',
      required: true,
      description: '`{host: 127.0.0.1, port: N}` for a JVM with remote JMX enabled, or `{pid_from: <shell command printing a pid>}` to attach to a local JVM (`{{cmdlinepid}}` is the pid of the last CmdlineChannel process). With both, `port` is used',
      example: { pid_from: 'pgrep -P {{cmdlinepid}}' },
    },
    metrics: {
      type: 'array',
      required: true,
      description: 'What to read: `[{field: name in the event, mbean: object name, attrib: attribute, value: optional expression over `value` and the definitions}]`',
      example: [{ field: 'threads', mbean: 'java.lang:type=Threading', attrib: 'ThreadCount' }],
    },
    events: { type: 'object', default: {}, description: '`activate` (default CmdlineStartedEvent) starts reading, `deactivate` (default CmdlineExitEvent) stops it; both event filters' },
    resendOnUpdate: { type: 'boolean', default: true, description: 'Publish the last values again on every ParameterUpdateEvent, with its trace ids' },
    interval: { type: 'time', default: 0.5, description: 'How often the attributes are read' },
  };

  private metrics: JmxMetric[] = [];
  private helper: JmxHelper | undefined;
  private cmdlinePid: number | null = null;
  private lastFields: Record<string, unknown> | null = null;
  /** Fields whose reading problem was already logged since the helper (re)started. */
  private readonly reported = new Set<string>();
  /** Start and stop requests run one after the other. */
  private ops: Promise<void> = Promise.resolve();

  override async init(): Promise<void> {
    await super.init();
    const cfg = this.render();
    const connect = cfg.connect;
    if (!isPlainObject(connect)) throw this.configError('`connect` must be a mapping with `port` (and `host`) or `pid_from`', 'connect');
    for (const k of Object.keys(connect)) if (!CONNECT_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in connect (expected ${CONNECT_KEYS.join(', ')})`, 'connect');
    if (connect.port === undefined && connect.pid_from === undefined) throw this.configError('`connect` needs `port` (with an optional `host`) or `pid_from`', 'connect');
    if (connect.port !== undefined) {
      const port = Number(connect.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw this.configError(`\`connect.port\` must be a port number, got ${JSON.stringify(connect.port)}`, 'connect');
    }
    this.metrics = this.readMetrics(cfg.metrics);
    const interval = parseTimeExpr(this.option(cfg, 'interval'));
    if (interval === null || interval <= 0) throw this.configError(`\`interval\` must be a positive time, got ${JSON.stringify(cfg.interval)}`, 'interval');

    const events = this.option(cfg, 'events');
    if (!isPlainObject(events)) throw this.configError('`events` must be a mapping with `activate`/`deactivate`', 'events');
    for (const k of Object.keys(events)) if (!EVENT_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in events (expected ${EVENT_KEYS.join(', ')})`, 'events');
    let activate: EventFilter;
    let deactivate: EventFilter;
    try {
      activate = new EventFilter(String(events.activate ?? 'CmdlineStartedEvent'));
      deactivate = new EventFilter(String(events.deactivate ?? 'CmdlineExitEvent'));
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'events');
    }
    // Compiling now turns a missing JDK into a start-up error instead of a test without readings.
    await jmxHelperLauncher();

    const helper = new JmxHelper({
      logger: this.logger,
      target: () => this.target(),
      attributes: this.metrics.map((m) => `${m.mbean}::${m.attrib}`),
      intervalMs: Math.max(1, Math.round(interval * 1000)),
      onValues: (values) => this.onValues(values),
    });
    this.helper = helper;
    const activateSession = activate.start(null, () => this.enqueue(() => this.activate(helper)));
    const deactivateSession = deactivate.start(null, () => this.enqueue(() => helper.stop()));
    const wantsTicks = activate.eventNames.includes('TickEvent') || deactivate.eventNames.includes('TickEvent');
    this.ctx.bus.subscribe((e: Event) => {
      if (e.event === 'TickEvent' && !wantsTicks) return;
      if (e.event === 'CmdlineStartedEvent' && typeof e.pid === 'number') this.cmdlinePid = e.pid;
      activateSession.handle(e);
      deactivateSession.handle(e);
      if (e.event === 'TeardownEvent') this.enqueue(() => helper.stop());
    });
    if (toBoolean(this.option(cfg, 'resendOnUpdate'))) {
      this.ctx.bus.subscribe((e: Event) => {
        if (this.lastFields) this.ctx.bus.publish(new Event('JMXMeasurement', { fields: { ...this.lastFields } }, e.traceids));
      }, { events: ['ParameterUpdateEvent'] });
    }
  }

  private readMetrics(list: unknown): JmxMetric[] {
    if (!Array.isArray(list) || list.length === 0) throw this.configError('`metrics` must list at least one `{field, mbean, attrib}`', 'metrics');
    const fields = new Set<string>();
    return list.map((m, i) => {
      if (!isPlainObject(m)) throw this.configError(`metrics[${i}] must be a mapping with field, mbean and attrib`, 'metrics');
      for (const k of Object.keys(m)) if (!METRIC_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in metrics[${i}] (expected ${METRIC_KEYS.join(', ')})`, 'metrics');
      for (const k of ['field', 'mbean', 'attrib']) {
        if (typeof m[k] !== 'string' || m[k] === '') throw this.configError(`metrics[${i}] needs \`${k}\``, 'metrics');
      }
      if (fields.has(String(m.field))) throw this.configError(`metrics[${i}]: the field \`${String(m.field)}\` is already read by another metric`, 'metrics');
      fields.add(String(m.field));
      let value: Expression | null = null;
      if (m.value !== undefined && m.value !== null) {
        try {
          value = compileExpression(m.value as string);
        } catch (err) {
          throw this.configError(`metrics[${i}].value: ${err instanceof Error ? err.message : String(err)}`, 'metrics');
        }
      }
      return { field: String(m.field), mbean: String(m.mbean), attrib: String(m.attrib), value };
    });
  }

  private enqueue(op: () => Promise<void>): void {
    this.ops = this.ops.then(op).catch((err: unknown) => this.logger.error(`JMX middleware: ${err instanceof Error ? err.message : String(err)}`));
  }

  private async activate(helper: JmxHelper): Promise<void> {
    this.reported.clear();
    await helper.start();
  }

  /** The connection of this (re)start: the port, or the pid that `pid_from` prints now. */
  private async target(): Promise<JmxTarget> {
    const connect = this.render({ cmdlinepid: this.cmdlinePid ?? '' }).connect as Record<string, unknown>;
    if (connect.port !== undefined) return { host: String(connect.host ?? '127.0.0.1'), port: Number(connect.port) };
    const command = String(connect.pid_from);
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('/bin/sh', ['-c', command], { timeout: PID_FROM_TIMEOUT_MS }, (err, out, stderr) => {
        if (err) reject(new Error(`Evaluating JMX attach PID from "${command}" failed with: ${(stderr.trim() || err.message).split('\n')[0]}`));
        else resolve(out);
      });
    });
    const pid = Number(stdout.trim().split(/\s+/)[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`Evaluating JMX attach PID from "${command}" gave no process id (it printed ${JSON.stringify(stdout.trim().slice(0, 80))})`);
    return { pid };
  }

  private reportOnce(field: string, message: string): void {
    if (this.reported.has(field)) return;
    this.reported.add(field);
    this.logger.warn(message);
  }

  private onValues(values: unknown[]): void {
    const fields: Record<string, unknown> = {};
    for (const [i, m] of this.metrics.entries()) {
      const raw = values[i];
      if (raw === '<missing>') {
        this.reportOnce(m.field, `The MBean or Attribute for metric ${m.field} is missing`);
        continue;
      }
      if (typeof raw === 'string' && raw.startsWith('<') && raw.endsWith('-error>')) {
        this.reportOnce(m.field, `Measurement of metric ${m.field} encountered an error: ${raw}`);
        continue;
      }
      if (!m.value) {
        fields[m.field] = raw;
        continue;
      }
      try {
        fields[m.field] = m.value.evaluate({ ...this.ctx.definitions.all(), value: raw });
      } catch (err) {
        this.reportOnce(m.field, `Evaluating the value of metric ${m.field} failed (using 0): ${err instanceof Error ? err.message : String(err)}`);
        fields[m.field] = 0;
      }
    }
    if (Object.keys(fields).length === 0) return;
    this.lastFields = fields;
    this.ctx.bus.publish(new Event('JMXMeasurement', { fields }, this.lastTraceIds));
  }

  override async close(): Promise<void> {
    const helper = this.helper;
    if (!helper) return;
    this.enqueue(() => helper.stop());
    await this.ops;
  }
}
