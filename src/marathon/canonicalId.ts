/**
 * A Marathon id the way Marathon stores it: absolute, without empty segments or a trailing
 * slash (`deployment` and `/a//b/` become `/deployment` and `/a/b`). Ids written in configs
 * are relative to the root group, so events and lookups agree with what Marathon reports.
 */
export function canonicalId(id: string): string {
  const segments = id.split('/').filter((s) => s !== '' && s !== '.');
  return `/${segments.join('/')}`;
}
