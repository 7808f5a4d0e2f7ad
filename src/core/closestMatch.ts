/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let prev = Array.from({ length: bl.length + 1 }, (_, i) => i);
  for (let i = 1; i <= al.length; i++) {
    const cur = [i];
    for (let j = 1; j <= bl.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (al[i - 1] === bl[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[bl.length]!;
}

/** Candidates close to `name`, best first (at most `limit`). */
export function closestMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const d = editDistance(name, c);
    // `SimplePolicy` for `policy.SimplePolicy`; a short common tail (`Event`) is no evidence.
    const last = c.toLowerCase().split('.').pop() ?? c;
    const suffix = (name.length >= 4 && c.toLowerCase().endsWith(name.toLowerCase())) || (last.length >= Math.max(4, name.length / 2) && name.toLowerCase().endsWith(last));
    // A shortened or lengthened key (`file` for `filename`) is a likely slip too.
    const prefix = Math.min(name.length, c.length) >= 4 && (c.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(c.toLowerCase()));
    // A prefix or suffix relation ranks first; the edit distance orders within each group.
    if (d <= Math.max(2, Math.floor(c.length / 3)) || suffix || prefix) scored.push([c, (suffix || prefix ? 0 : 10_000) + d]);
  }
  return scored.sort((a, b) => a[1] - b[1]).slice(0, limit).map(([c]) => c);
}

/** " (did you mean `x`?)" or "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestMatches(name, candidates, 2);
  if (best.length === 0) return '';
  return ` (did you mean ${best.map((b) => `\`${b}\``).join(' or ')}?)`;
}
