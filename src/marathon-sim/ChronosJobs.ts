import { ApiError } from './ApiError.js';
import type { Json, JsonObject } from './types.js';

function jobDefaults(): JsonObject {
  return {
    name: '', command: '', shell: true, epsilon: 'PT60S', executor: '', executorFlags: '', retries: 2,
    owner: '', ownerName: '', description: '', async: false, successCount: 0, errorCount: 0, lastSuccess: '',
    lastError: '', cpus: 0.1, disk: 256, mem: 128, disabled: false, softError: false, dataProcessingJobType: false,
    errorsSinceLastSuccess: 0, uris: [], environmentVariables: [], arguments: [], highPriority: false,
    runAsUser: 'root', constraints: [], schedule: '', scheduleTimeZone: '',
  };
}

function requireString(raw: JsonObject, key: string): string {
  const value: Json | undefined = raw[key];
  if (typeof value !== 'string' || value.trim() === '') throw ApiError.message(400, `Job field '${key}' is required`);
  return value;
}

/** The Chronos jobs known to the simulator (enough for tasks.chronos.RemoveAllJobs). */
export class ChronosJobs {
  private readonly jobs = new Map<string, JsonObject>();

  list(): JsonObject[] {
    return [...this.jobs.values()];
  }

  /** Creates or replaces a scheduled job, as Chronos does for the same name. */
  upsert(raw: JsonObject): JsonObject {
    const name = requireString(raw, 'name');
    requireString(raw, 'command');
    requireString(raw, 'schedule');
    const job = { ...jobDefaults(), ...structuredClone(raw), name };
    this.jobs.set(name, job);
    return job;
  }

  remove(name: string): boolean {
    return this.jobs.delete(name);
  }
}
