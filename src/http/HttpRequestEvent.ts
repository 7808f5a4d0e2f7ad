import { Event, type TraceIdInput } from '../core/Event.js';

/** What the request events say about the request. */
export interface RequestAttributes {
  /** Lower case, as the original showed it. */
  shownVerb: string;
  url: string;
  body: string;
  /** Secret values masked. */
  shownHeaders: Record<string, string>;
}

/**
 * HTTPRequestStartEvent, HTTPRequestEndEvent or a First/Last variant of them. A channel
 * publishes one or two per request: its attributes are set as fields in one fixed order, which
 * costs a fraction of copying them onto a generic Event.
 */
export class HttpRequestEvent extends Event {
  readonly verb: string;
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly index: number;

  constructor(name: string, req: RequestAttributes, index: number, traceid: TraceIdInput, ts: number) {
    super(name, null, traceid, ts);
    this.verb = req.shownVerb;
    this.method = req.shownVerb;
    this.url = req.url;
    this.body = req.body;
    this.headers = req.shownHeaders;
    this.index = index;
  }
}
