/** How https:// connections verify the server. */
export interface TlsSettings {
  /** Absolute path of an extra CA bundle (PEM), or null. */
  caPath: string | null;
  /** Its contents. */
  ca: string | null;
  /** Skip certificate verification. */
  insecure: boolean;
}
