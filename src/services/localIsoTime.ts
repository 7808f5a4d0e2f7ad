/**
 * Epoch seconds as local time without a zone, `YYYY-MM-DDTHH:MM:SS.ffffff`: what the original
 * sent for the `timestamp without time zone` columns of the results schema.
 */
export function localIsoTime(epochSeconds: number): string {
  const whole = Math.floor(epochSeconds);
  const micros = Math.min(999_999, Math.round((epochSeconds - whole) * 1e6));
  const d = new Date(whole * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(micros, 6)}`;
}
