/** `base` (with or without a trailing slash) followed by an absolute API path. */
export function marathonUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
