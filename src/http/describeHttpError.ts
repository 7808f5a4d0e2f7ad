const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A one-line reason for a failed request that says what happened in HTTP terms, instead of
 * the client library's internal error names.
 */
export function describeHttpError(err: unknown, origin: string): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot connect to ${origin}: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to ${origin}: unknown host`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot connect to ${origin}: host unreachable`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Cannot connect to ${origin}: connect timeout`;
    case 'ECONNRESET':
      return `Connection to ${origin} was reset before the response completed`;
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `Connection to ${origin} was closed by the server before the response completed`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `No response headers from ${origin} in time`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `The response body from ${origin} stalled`;
    case 'UND_ERR_INVALID_ARG':
      return `Invalid request: ${err.message}`;
  }
  if (typeof code === 'string' && TLS_TRUST_CODES.has(code)) {
    return `TLS certificate of ${origin} is not trusted (${code}: ${err.message}); give the CA with \`tls: {ca: file}\` or skip verification with \`tls: {insecure: yes}\``;
  }
  return err.message || (typeof code === 'string' ? code : err.name);
}
