/** Where a request goes: the origin its connection is to, and the path it asks for. */
export interface RequestTarget {
  origin: string;
  /** Path and query. */
  path: string;
}

// A channel sends the same URL over and over: parsing it once saves a URL object per request.
let lastUrl = '';
let lastTarget: RequestTarget | Error = new Error('no URL yet');

/** The target of an http(s) URL, or the error that says why the URL cannot be requested. */
export function requestTarget(text: string): RequestTarget | Error {
  if (text === lastUrl) return lastTarget;
  let target: RequestTarget | Error;
  try {
    const url = new URL(text);
    target =
      url.protocol === 'http:' || url.protocol === 'https:'
        ? { origin: url.origin, path: `${url.pathname}${url.search}` }
        : new Error(`Unsupported URL scheme \`${url.protocol}\` in ${text} (expected http: or https:)`);
  } catch {
    target = new Error(`Invalid URL \`${text}\``);
  }
  lastUrl = text;
  lastTarget = target;
  return target;
}
