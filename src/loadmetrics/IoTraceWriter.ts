import { CsvFile } from './CsvFile.js';
import { ioStatusCode } from './ioStatusCode.js';
import type { LoadOperation } from './LoadOperation.js';
import { ioTypeCode, type OpType } from './OpType.js';
import { hrToEpochSeconds } from '../http/hrToEpochSeconds.js';

export const IO_TRACE_COLUMNS = ['StorageNode', 'ItemPath', 'IoTypeCode', 'StatusCode', 'ReqTimeStart', 'Duration', 'RespLatency', 'DataLatency', 'TransferSize'] as const;

/** Whole microseconds from `from` to `to`; '' when either is unknown. */
function micros(from: bigint | null | undefined, to: bigint | null | undefined): number | '' {
  return from === null || from === undefined || to === null || to === undefined || to < from ? '' : Number((to - from) / 1000n);
}

/** host:port and path (with the query) of a URL; the URL and '' when it does not parse. */
function target(url: string): [string, string] {
  try {
    const u = new URL(url);
    return [u.host, `${u.pathname}${u.search}`];
  } catch {
    return [url, ''];
  }
}

/**
 * io.trace.csv: one line per operation, successful or not, with Mongoose's fields. Times are
 * whole microseconds: ReqTimeStart since the epoch, Duration start to end, RespLatency
 * request sent to first response byte, DataLatency request sent to first body byte.
 */
export class IoTraceWriter {
  private readonly file: CsvFile;

  constructor(path: string, onError: (err: Error) => void) {
    this.file = new CsvFile(path, IO_TRACE_COLUMNS, onError);
  }

  append(opType: OpType, op: LoadOperation): void {
    const [node, path] = target(op.url);
    this.file.append([
      node,
      path,
      ioTypeCode(opType),
      ioStatusCode(op.statusCode, op.error),
      Math.trunc(hrToEpochSeconds(op.start) * 1e6),
      micros(op.start, op.end),
      micros(op.sent, op.firstByte),
      micros(op.sent, op.firstBodyByte),
      op.bytesSent + op.bytesReceived,
    ]);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
