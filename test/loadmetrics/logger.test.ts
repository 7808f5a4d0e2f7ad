import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, type LogFormat } from '../../src/core/Logger.js';

/** A log stream that records what is written, a terminal or not. */
function stream(isTTY: boolean): { out: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const out = Object.assign(
    new Writable({
      write(chunk, _enc, cb) {
        text += String(chunk);
        cb();
      },
    }),
    { isTTY },
  );
  return { out, text: () => text };
}

const TABLE = 'step|\x1b[36mREAD  \x1b[0m|\x1b[32m     0\x1b[0m|1.0';

describe('table lines through the logger', () => {
  const write = (format: LogFormat, isTTY: boolean): { text: string; cleared: number } => {
    const s = stream(isTTY);
    let cleared = 0;
    const logger = createLogger({ format, stream: s.out, beforeWrite: () => (cleared += 1) }).child({ component: 'LoadMetrics' });
    logger.info({ raw: true }, TABLE);
    return { text: s.text(), cleared };
  };

  it('keeps colours on a terminal, without a log prefix, after clearing the progress line', () => {
    const { text, cleared } = write('pretty', true);
    expect(text).toBe(`${TABLE}\n`);
    expect(cleared).toBe(1);
  });

  it('drops the colours off a terminal', () => {
    expect(write('pretty', false).text).toBe('step|READ  |     0|1.0\n');
    const json = JSON.parse(write('json', false).text) as { msg: string; raw: boolean; component: string };
    expect(json).toMatchObject({ msg: 'step|READ  |     0|1.0', raw: true, component: 'LoadMetrics' });
  });
});
