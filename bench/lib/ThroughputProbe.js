// An observer for benchmarks: it subscribes after every tracker (order 1000), so the time of
// the last event it sees is when the pipeline finished with that event.
import { Observer } from '../../dist/index.js';

export class ThroughputProbe extends Observer {
  static className = 'ThroughputProbe';
  static description = 'Records when the first line arrived and the last LogStax message was processed (benchmark fixture)';
  static publishes = [];
  static options = {};

  /** The figures of the latest session, read by the benchmark after runDriver returns. */
  static result = null;

  async init() {
    await super.init();
    const result = { lines: 0, messages: 0, first: 0, last: 0, cpuFirst: null, cpuLast: null, rssBefore: 0, peakRss: 0, raw: null };
    ThroughputProbe.result = result;
    this.ctx.bus.subscribe((e) => {
      if (e.event === 'LogLineEvent') {
        if (result.lines === 0) {
          result.first = performance.now();
          result.cpuFirst = process.cpuUsage();
          result.rssBefore = process.memoryUsage.rss();
        }
        result.lines += 1;
      } else {
        result.messages += 1;
      }
      result.last = performance.now();
    }, { events: ['LogLineEvent', 'LogStaxMessageEvent'], order: 1000 });
    // Read once, when the test ended (after the trackers finalized): reading CPU time for every
    // event would cost more than the event. The little the session does in between (ticks, the
    // end of the policy) counts too, so the CPU time is an upper bound. The peak RSS is the
    // process's high-water mark so far, before any reporter ran.
    this.ctx.bus.subscribe(() => {
      result.cpuLast = process.cpuUsage();
      result.peakRss = process.resourceUsage().maxRSS * 1024;
      result.raw = this.ctx.collector.raw();
    }, { events: ['TeardownEvent'], order: 1000 });
  }
}
