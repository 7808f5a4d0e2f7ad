import type { Definitions } from '../core/Definitions.js';

/**
 * Makes a secret given directly in a class config (an API key, a password inside a connection
 * string) known to the redaction that the logger and every reporter apply.
 */
export function registerSecret(definitions: Definitions, value: unknown): void {
  if (value === undefined || value === null) return;
  definitions.addSecretValue(String(value));
}
