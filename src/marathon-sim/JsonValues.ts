import type { Json, JsonObject } from './types.js';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text with object keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True when both objects are equal once the `ignored` top-level keys are left out. */
export function sameExcept(a: JsonObject, b: JsonObject, ignored: readonly string[]): boolean {
  const strip = (o: JsonObject): JsonObject => {
    const copy: JsonObject = { ...o };
    for (const key of ignored) delete copy[key];
    return copy;
  };
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}
