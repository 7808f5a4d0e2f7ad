import { describe, expect, it } from 'vitest';
import { InFlightRequests, type Abortable } from '../../src/http/InFlightRequests.js';

function request(log: string[], name: string, registry: InFlightRequests): Abortable {
  const r: Abortable = {
    inFlightSlot: -1,
    abort() {
      log.push(name);
      registry.delete(r);
    },
  };
  return r;
}

describe('InFlightRequests', () => {
  it('abortAll aborts exactly the requests added and not yet deleted', () => {
    const log: string[] = [];
    const registry = new InFlightRequests();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => request(log, n, registry));
    for (const r of [a!, b!, c!, d!]) registry.add(r);
    registry.delete(b!);
    registry.delete(a!);
    expect(registry.size).toBe(2);
    registry.abortAll();
    expect(log.sort()).toEqual(['c', 'd']);
    expect(registry.size).toBe(0);
  });

  it('ignores deleting a request twice or one it never held', () => {
    const log: string[] = [];
    const one = new InFlightRequests();
    const other = new InFlightRequests();
    const a = request(log, 'a', one);
    const b = request(log, 'b', other);
    one.add(a);
    other.add(b);
    one.delete(b);
    one.delete(a);
    one.delete(a);
    expect(one.size).toBe(0);
    expect(other.size).toBe(1);
    other.abortAll();
    expect(log).toEqual(['b']);
  });
});
