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
    const suffix = c.toLowerCase().endsWith(name.toLowerCase()) || name.toLowerCase().endsWith(c.toLowerCase().split('.').pop() ?? c);
    if (d <= Math.max(2, Math.floor(c.length / 3)) || suffix) scored.push([c, suffix ? Math.min(d, 1) : d]);
  }
  return scored.sort((a, b) => a[1] - b[1]).slice(0, limit).map(([c]) => c);
}

/** " (did you mean `x`?)" or "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestMatches(name, candidates, 2);
  if (best.length === 0) return '';
  return ` (did you mean ${best.map((b) => `\`${b}\``).join(' or ')}?)`;
}
