import type { LogStaxMessage } from './LogStaxMessage.js';

/** A codec turns incoming lines into messages. */
export interface LogStaxCodec {
  /** The messages this line completes; empty when the codec did not produce any. */
  push(line: string): readonly LogStaxMessage[];
  /** End of input: whatever the codec still holds that forms a message. */
  flush(): readonly LogStaxMessage[];
}

/** Shared so that the common "nothing yet" answer allocates nothing. */
export const NO_MESSAGES: readonly LogStaxMessage[] = Object.freeze([]);
