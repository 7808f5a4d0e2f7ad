import { Client } from 'undici';

/**
 * The keep-alive connections of one load generator: one undici Client per lane (a concurrency
 * slot) and origin, opened at its first request. A lane sends its next request when the previous
 * one completed, on the same connection, as autocannon's connections do: no pool to search for a
 * free connection and no queue in front of it, which an undici Pool costs every request (about a
 * tenth of the throughput at 50 in flight).
 */
export class ConnectionLanes {
  private readonly byOrigin = new Map<string, Client[]>();
  private lastOrigin = '';
  private lastLanes: Client[] = [];

  constructor(private readonly options: Client.Options) {}

  /** The connection of `lane` (0, 1, ...) to `origin`. */
  get(origin: string, lane: number): Client {
    let lanes = origin === this.lastOrigin ? this.lastLanes : this.byOrigin.get(origin);
    if (!lanes) {
      lanes = [];
      this.byOrigin.set(origin, lanes);
    }
    this.lastOrigin = origin;
    this.lastLanes = lanes;
    return (lanes[lane] ??= new Client(origin, this.options));
  }

  /** Closes every connection (requests still on them fail). */
  close(): void {
    for (const lanes of this.byOrigin.values()) for (const client of lanes) client?.destroy().catch(() => undefined);
    this.byOrigin.clear();
    this.lastOrigin = '';
    this.lastLanes = [];
  }
}
