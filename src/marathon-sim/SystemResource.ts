import { ApiError } from './ApiError.js';
import type { Exchange, Reply } from './Exchange.js';
import type { MetricsRegistry } from './MetricsRegistry.js';
import type { JsonObject } from './types.js';

export interface SystemInfo {
  /** `host:port` the simulator answers on, reported as the elected leader. */
  leader(): string;
  readonly frameworkId: string;
}

/** /ping, /v2/info and /metrics. */
export class SystemResource {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly info: SystemInfo,
  ) {}

  ping(ex: Exchange): Reply {
    ex.metricName = 'mesosphere.marathon.api.SystemResource.ping';
    SystemResource.requireGet(ex);
    return { status: 200, body: 'pong', headers: { 'Cache-Control': 'must-revalidate,no-cache,no-store' } };
  }

  metricsDocument(ex: Exchange): Reply {
    ex.metricName = 'mesosphere.marathon.api.SystemResource.metrics';
    SystemResource.requireGet(ex);
    return { status: 200, body: this.metrics.snapshot() };
  }

  serverInfo(ex: Exchange): Reply {
    ex.metricName = 'mesosphere.marathon.api.v2.InfoResource.index';
    SystemResource.requireGet(ex);
    const leader = this.info.leader();
    const port = Number(leader.slice(leader.lastIndexOf(':') + 1));
    const body: JsonObject = {
      name: 'marathon',
      version: '1.4.13',
      buildref: 'marathon-simulator',
      elected: true,
      leader,
      frameworkId: this.info.frameworkId,
      marathon_config: {
        master: 'zk://127.0.0.1:2181/mesos',
        mesos_role: null,
        mesos_user: 'root',
        leader_proxy_connection_timeout_ms: 5000,
        leader_proxy_read_timeout_ms: 10000,
        features: [],
      },
      zookeeper_config: { zk: 'zk://127.0.0.1:2181/marathon', zk_timeout: 10000, zk_session_timeout: 10000, zk_max_versions: 50 },
      event_subscriber: null,
      http_config: { http_port: port, https_port: 8443 },
    };
    return { status: 200, body };
  }

  private static requireGet(ex: Exchange): void {
    if (ex.method !== 'GET' && ex.method !== 'HEAD') throw ApiError.methodNotAllowed();
  }
}
