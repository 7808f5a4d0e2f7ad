import { renderTemplate } from './Macros.js';

const SECRET_NAME = /(^|_)(password|passwd|secret|token|api_?key|app_?key|access_?key|secret_?access_?key|dcos_auth_token|credentials?)$/i;

/**
 * The shared macro definitions (`define:`, `-D`, defaults, run-time values such as
 * `dcos_auth_token`). Every component reads them through one instance, so a value
 * set at run time is seen by everyone's next render.
 */
export class Definitions {
  private readonly values = new Map<string, unknown>();
  private readonly secretNames = new Set<string>();
  /** Secret values that are not definitions (a key given directly in a class config). */
  private readonly extraSecrets = new Set<string>();

  constructor(values: Record<string, unknown> = {}) {
    for (const [k, v] of Object.entries(values)) this.values.set(k, v);
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  set(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  all(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }

  markSecret(name: string): void {
    this.secretNames.add(name);
  }

  isSecret(name: string): boolean {
    return this.secretNames.has(name) || SECRET_NAME.test(name);
  }

  /** A value to redact everywhere, such as an API key rendered into a class config. */
  addSecretValue(value: string): void {
    if (value !== '') this.extraSecrets.add(value);
  }

  /** Values that must never appear in logs or outputs. */
  secretValues(): string[] {
    const out: string[] = [...this.extraSecrets];
    for (const [k, v] of this.values) if (this.isSecret(k) && v !== undefined && v !== null && String(v) !== '') out.push(String(v));
    return out;
  }

  /**
   * Renders every templated definition once, against the raw definitions plus
   * `meta:<k>` entries (one level deep, as the original did).
   */
  compile(meta: Record<string, unknown>, literal: Set<string>): void {
    const props: Record<string, unknown> = this.all();
    for (const [k, v] of Object.entries(meta)) props[`meta:${k}`] = v;
    for (const [k, v] of this.values) {
      if (typeof v === 'string' && v.includes('{{') && !literal.has(k)) this.values.set(k, renderTemplate(v, props));
    }
  }
}

/** Whether an option/definition name looks like it holds a secret. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}
