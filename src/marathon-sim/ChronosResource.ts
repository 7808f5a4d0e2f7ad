import { ApiError } from './ApiError.js';
import type { ChronosJobs } from './ChronosJobs.js';
import type { Exchange, Reply } from './Exchange.js';
import { requireObject } from './replies.js';

const METRIC = 'org.apache.mesos.chronos.scheduler.api';

/** Chronos' scheduler API: list, create (ISO 8601 schedule) and delete jobs. */
export class ChronosResource {
  constructor(private readonly jobs: ChronosJobs) {}

  /** `rest` is the path after /scheduler (or /v1/scheduler). */
  async handle(ex: Exchange, rest: readonly string[]): Promise<Reply> {
    const [resource, name, ...extra] = rest;
    if (resource === 'jobs' && name === undefined && ex.method === 'GET') {
      ex.metricName = `${METRIC}.JobManagementResource.list`;
      return { status: 200, body: this.jobs.list() };
    }
    if (resource === 'iso8601' && name === undefined && (ex.method === 'POST' || ex.method === 'PUT')) {
      ex.metricName = `${METRIC}.Iso8601JobResource.post`;
      this.jobs.upsert(requireObject(await ex.json()));
      return { status: 204 };
    }
    if (resource === 'job' && name !== undefined && extra.length === 0 && ex.method === 'DELETE') {
      ex.metricName = `${METRIC}.JobManagementResource.delete`;
      // Chronos rejects unknown jobs with 400 (a failed requirement), not 404.
      if (!this.jobs.remove(name)) throw ApiError.message(400, `Job '${name}' not found`);
      return { status: 204 };
    }
    if (resource === 'jobs' || resource === 'iso8601' || resource === 'job') throw ApiError.methodNotAllowed();
    throw ApiError.notFound();
  }
}
