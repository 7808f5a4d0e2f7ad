import type { HttpClient } from '../http/HttpClient.js';
import { withJsonType } from './withJsonType.js';

export interface JsonResponse {
  /** 0 when no response arrived. */
  statusCode: number;
  headers: Record<string, string | string[]>;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  json: unknown;
  /** Why no response arrived; null when one did (whatever its status). */
  error: string | null;
  aborted: boolean;
  /** When the response completed or the request failed (hrtime ns). */
  end: bigint;
}

/** One request whose JSON answer is parsed; never rejects. */
export async function requestJson(client: HttpClient, verb: string, url: string, headers: Record<string, string>, body: unknown = undefined): Promise<JsonResponse> {
  const sent = body === undefined ? null : JSON.stringify(body);
  const res = await client.request({ url, verb, headers: sent === null ? headers : withJsonType(headers), body: sent, keepBody: true });
  let json: unknown;
  try {
    json = res.body === '' ? undefined : JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { statusCode: res.statusCode, headers: res.headers, text: res.body, json, error: res.error, aborted: res.aborted, end: res.end };
}
