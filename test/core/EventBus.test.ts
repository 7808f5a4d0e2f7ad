import { describe, it, expect } from 'vitest';
import { EventBus } from '../../src/core/EventBus.js';
import { Event } from '../../src/core/Event.js';
import { silentLogger } from '../../src/core/Logger.js';

describe('EventBus', () => {
  it('delivers asynchronously, never inside publish', async () => {
    const bus = new EventBus(silentLogger(), 0);
    const seen: string[] = [];
    bus.subscribe((e) => seen.push(e.event));
    bus.publish(new Event('StartEvent'));
    expect(seen).toEqual([]);
    await bus.flush();
    expect(seen).toEqual(['StartEvent']);
  });

  it('delivers events in publish order, including events published while draining', async () => {
    const bus = new EventBus(silentLogger(), 0);
    const seen: string[] = [];
    bus.subscribe((e) => {
      seen.push(`${e.event}:${String(e.task ?? '')}`);
      if (e.event === 'StartEvent') bus.publish(new Event('RunTaskEvent', { task: 'b' }));
    });
    bus.publish(new Event('StartEvent'));
    bus.publish(new Event('RunTaskEvent', { task: 'a' }));
    await bus.flush();
    expect(seen).toEqual(['StartEvent:', 'RunTaskEvent:a', 'RunTaskEvent:b']);
  });

  it('calls subscribers in ascending order, then subscription order', async () => {
    const bus = new EventBus(silentLogger(), 0);
    const calls: string[] = [];
    bus.subscribe(() => calls.push('late'), { order: 100 });
    bus.subscribe(() => calls.push('default-1'));
    bus.subscribe(() => calls.push('early'), { order: 1 });
    bus.subscribe(() => calls.push('default-2'), { order: 5 });
    bus.publish(new Event('StartEvent'));
    await bus.flush();
    expect(calls).toEqual(['early', 'default-1', 'default-2', 'late']);
  });

  it('routes by event name including ancestors and aliases', async () => {
    const bus = new EventBus(silentLogger(), 0);
    const got: string[] = [];
    bus.subscribe((e) => got.push(`exit:${e.event}`), { events: ['CmdlineExitEvent'] });
    bus.subscribe((e) => got.push(`info:${e.event}`), { events: ['MarathonDeploymentInfoEvent'] });
    bus.publish(new Event('CmdlineExitZeroEvent', { exitcode: 0 }));
    bus.publish(new Event('MarathonDeploymentStatusEvent', { deployment: 'd', instances: [] }));
    bus.publish(new Event('StartEvent'));
    await bus.flush();
    expect(got).toEqual(['exit:CmdlineExitZeroEvent', 'info:MarathonDeploymentStatusEvent']);
  });

  it('keeps delivering to other subscribers when one throws', async () => {
    const bus = new EventBus(silentLogger(), 0);
    const got: number[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe(() => got.push(1));
    bus.publish(new Event('StartEvent'));
    await bus.flush();
    expect(got).toEqual([1]);
  });

  it('unsubscribe removes a subscriber by identity', async () => {
    const bus = new EventBus(silentLogger(), 0);
    const got: number[] = [];
    const cb = (): void => void got.push(1);
    bus.subscribe(cb);
    bus.unsubscribe(cb);
    bus.publish(new Event('StartEvent'));
    await bus.flush();
    expect(got).toEqual([]);
  });

  it('publishes TickEvents with count and delta at the configured rate', async () => {
    const bus = new EventBus(silentLogger(), 50);
    const ticks: Event[] = [];
    bus.subscribe((e) => ticks.push(e), { events: ['TickEvent'] });
    bus.start();
    await new Promise((r) => setTimeout(r, 230));
    await bus.stop();
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    expect(ticks.length).toBeLessThanOrEqual(14);
    expect(ticks.map((t) => t.count)).toEqual(ticks.map((_, i) => i + 1));
    for (const t of ticks.slice(1)) expect(t.delta as number).toBeGreaterThan(0.005);
  });

  it('runs no clock at 0 fps', async () => {
    const bus = new EventBus(silentLogger(), 0);
    let ticks = 0;
    bus.subscribe(() => (ticks += 1), { events: ['TickEvent'] });
    bus.start();
    await new Promise((r) => setTimeout(r, 60));
    await bus.stop();
    expect(ticks).toBe(0);
  });

  it('whenPendingAtMost resolves at once with room, else once delivery brought the backlog down', async () => {
    const bus = new EventBus(silentLogger(), 0);
    let delivered = 0;
    bus.subscribe(() => (delivered += 1));
    await bus.whenPendingAtMost(0);
    for (let i = 0; i < 5000; i++) bus.publish(new Event('LogLineEvent', { line: String(i) }));
    await bus.whenPendingAtMost(5000);
    expect(delivered).toBe(0);
    await bus.whenPendingAtMost(1000);
    expect(bus.pending()).toBeLessThanOrEqual(1000);
    expect(delivered).toBeGreaterThanOrEqual(4000);
    await bus.flush();
    expect(delivered).toBe(5000);
  });
});

describe('Event', () => {
  it('gets a fresh trace id plus the ids it inherits', () => {
    const a = new Event('StartEvent');
    const b = new Event('LogLineEvent', { line: 'x' }, a.traceids);
    expect(b.traceids).toContain(a.traceids[0]);
    expect(b.traceids.length).toBe(2);
    expect(b.traceids[0]).toBeGreaterThan(a.traceids[0]!);
  });

  it('lists each trace id once, whatever the inherited ids look like', () => {
    const own = (e: Event): number => e.traceids[0]!;
    const a = new Event('StartEvent', {}, [7, 7, 3, 7]);
    expect(a.traceids).toEqual([own(a), 7, 3]);
    expect(new Event('StartEvent', {}, new Set([4, 5])).traceids.slice(1)).toEqual([4, 5]);
    expect(new Event('StartEvent', {}, 9).traceids.slice(1)).toEqual([9]);
    const many = Array.from({ length: 40 }, (_, i) => i % 20);
    expect(new Event('StartEvent', {}, many).traceids.slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('has ts in epoch seconds with sub-millisecond resolution', () => {
    const e = new Event('StartEvent');
    expect(Math.abs(e.ts - Date.now() / 1000)).toBeLessThan(1);
    const fractionalMs = (e.ts * 1000) % 1;
    const f = new Event('StartEvent');
    expect(f.ts).toBeGreaterThanOrEqual(e.ts);
    expect(typeof fractionalMs).toBe('number');
  });

  it('toDict is JSON-safe: sets become lists, errors their message', () => {
    const e = new Event('LogStaxMessageEvent', { tags: new Set(['a', 'b']), fields: { err: new Error('bad') } });
    expect(e.toDict()).toMatchObject({ event: 'LogStaxMessageEvent', tags: ['a', 'b'], fields: { err: 'bad' } });
    expect(() => JSON.stringify(e.toDict())).not.toThrow();
  });

  it('hasSubscribers: by name, ancestor, alias or catch-all, updated on subscribe and unsubscribe', () => {
    const bus = new EventBus(silentLogger(), 0);
    expect(bus.hasSubscribers('HTTPResponseErrorEvent')).toBe(false);
    const version = bus.subscriptionVersion;
    bus.subscribe(() => undefined, { events: ['HTTPResponseEndEvent'] });
    expect(bus.subscriptionVersion).not.toBe(version);
    // HTTPResponseErrorEvent derives from HTTPResponseEndEvent; the First/Last variants do not.
    expect(bus.hasSubscribers('HTTPResponseEndEvent')).toBe(true);
    expect(bus.hasSubscribers('HTTPResponseErrorEvent')).toBe(true);
    expect(bus.hasSubscribers('HTTPLastResponseEndEvent')).toBe(false);
    expect(bus.hasSubscribers('HTTPRequestStartEvent')).toBe(false);
    const alias = (): void => undefined;
    bus.subscribe(alias, { events: ['HTTPRequestEvent'] });
    expect(bus.hasSubscribers('HTTPRequestStartEvent')).toBe(true);
    bus.unsubscribe(alias);
    expect(bus.hasSubscribers('HTTPRequestStartEvent')).toBe(false);
    const all = (): void => undefined;
    bus.subscribe(all);
    expect(bus.hasSubscribers('HTTPRequestStartEvent')).toBe(true);
    expect(bus.hasSubscribers('TickEvent')).toBe(true);
    bus.unsubscribe(all);
    expect(bus.hasSubscribers('TickEvent')).toBe(false);
  });

  it('refuses unknown event types', () => {
    expect(() => new Event('NoSuchEvent')).toThrow('Unknown event type "NoSuchEvent"');
  });
});
