import type { LogStaxMessage } from './LogStaxMessage.js';

/** A filter transforms a message in place and reports whether it matched. */
export interface LogStaxFilter {
  filter(message: LogStaxMessage): boolean;
}
