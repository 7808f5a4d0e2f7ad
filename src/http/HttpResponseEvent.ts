import { Event, type TraceIdInput } from '../core/Event.js';

/** The attributes of a completed response, as HTTPResponseEndEvent carries them. */
export interface ResponseAttributes {
  url: string;
  body: string;
  headers: Record<string, string | string[]>;
  statusCode: number;
  index: number;
  requestTime: number | null;
  responseTime: number | null;
  totalTime: number | null;
  latency: number | null;
  contentLength: number;
}

/**
 * HTTPResponseEndEvent or a First/Last variant of it, one per request of a channel: its
 * attributes are set as fields in one fixed order, which costs a fraction of copying them onto a
 * generic Event.
 */
export class HttpResponseEvent extends Event {
  readonly url: string;
  readonly body: string;
  readonly headers: Record<string, string | string[]>;
  readonly statusCode: number;
  readonly index: number;
  readonly requestTime: number | null;
  readonly responseTime: number | null;
  readonly totalTime: number | null;
  readonly latency: number | null;
  readonly contentLength: number;

  constructor(name: string, a: ResponseAttributes, traceid: TraceIdInput, ts: number) {
    super(name, null, traceid, ts);
    this.url = a.url;
    this.body = a.body;
    this.headers = a.headers;
    this.statusCode = a.statusCode;
    this.index = a.index;
    this.requestTime = a.requestTime;
    this.responseTime = a.responseTime;
    this.totalTime = a.totalTime;
    this.latency = a.latency;
    this.contentLength = a.contentLength;
  }
}
