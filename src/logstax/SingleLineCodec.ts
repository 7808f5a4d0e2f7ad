import { type LogStaxCodec, NO_MESSAGES } from './LogStaxCodec.js';
import { LogStaxMessage } from './LogStaxMessage.js';
import { checkKeys, type ConfigMap } from './configValidation.js';

/** `type: singleline`: every line becomes one message `{message: line}` with no tags. */
export class SingleLineCodec implements LogStaxCodec {
  constructor(config: ConfigMap = {}, where = 'codec') {
    checkKeys(config, ['type', 'class'], where);
  }

  push(line: string): readonly LogStaxMessage[] {
    return [LogStaxMessage.fromLine(line)];
  }

  flush(): readonly LogStaxMessage[] {
    return NO_MESSAGES;
  }
}
