export interface IndexRecord {
  ts: number;
  meta: Record<string, unknown>;
  data: string;
}

/**
 * Adds a dataset to an S3Reporter index (`{"datasets": {entry: [record, ...]}}`): the entry's
 * list is kept newest first and, with `maxEntries`, cut to that many (the original computed
 * the cut and dropped it).
 */
export function addIndexEntry(index: Record<string, unknown>, entry: string, record: IndexRecord, maxEntries: number | null): Record<string, unknown> {
  const datasets = index.datasets !== null && typeof index.datasets === 'object' && !Array.isArray(index.datasets) ? { ...(index.datasets as Record<string, unknown>) } : {};
  const current = Array.isArray(datasets[entry]) ? (datasets[entry] as unknown[]) : [];
  const list = [...current, record].sort((a, b) => tsOf(b) - tsOf(a));
  datasets[entry] = maxEntries === null ? list : list.slice(0, maxEntries);
  return { ...index, datasets };
}

function tsOf(item: unknown): number {
  const ts = item !== null && typeof item === 'object' ? (item as { ts?: unknown }).ts : undefined;
  return typeof ts === 'number' ? ts : Number(ts) || 0;
}
