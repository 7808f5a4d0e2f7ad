/** Java's computerized scientific form: `1.0E-4`, `1.2345678E7`. */
function exponentForm(value: number): string {
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

/**
 * A number as Java's Double.toString writes it, which Mongoose's columns are made of: always
 * a decimal point (`0.0`, `423.0`), and the scientific form below 10^-3 and from 10^7 on.
 */
export function javaDoubleString(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return '0.0';
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e7) return exponentForm(value);
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

/**
 * `value` in at most `width` characters, Mongoose's way: Java's text of the number, cut to
 * the width. Where a cut would lose integer digits the scientific form is cut instead (its
 * exponent kept), so a large value never reads as a small one.
 */
export function formatFixedWidth(value: number, width: number): string {
  let text = javaDoubleString(value);
  if (text.length <= width) return text;
  if (!text.includes('E') && text.indexOf('.') > width) text = exponentForm(value);
  const e = text.indexOf('E');
  if (e >= 0) {
    const exponent = text.slice(e);
    return `${text.slice(0, Math.max(1, width - exponent.length))}${exponent}`;
  }
  const cut = text.slice(0, width);
  return cut.endsWith('.') ? cut.slice(0, -1) : cut;
}
