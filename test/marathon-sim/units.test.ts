import { describe, expect, it } from 'vitest';
import { DeploymentPlanner } from '../../src/marathon-sim/DeploymentPlanner.js';
import { PathId } from '../../src/marathon-sim/PathId.js';
import { SeededRandom } from '../../src/core/SeededRandom.js';

describe('SeededRandom', () => {
  it('repeats a sequence for a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 8 }, () => r.next());
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    expect(draw(5).every((x) => x >= 0 && x < 1)).toBe(true);
    const r = new SeededRandom(1);
    const ints = Array.from({ length: 500 }, () => r.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });
});

describe('PathId', () => {
  it('normalises ids the way Marathon and the original driver use them', () => {
    expect(PathId.canonical('app')).toBe('/app');
    expect(PathId.canonical('//a//b/')).toBe('/a/b');
    expect(PathId.canonical('c', '/a/b')).toBe('/a/b/c');
    expect(PathId.canonical('../c', '/a/b')).toBe('/a/c');
    expect(PathId.canonical('/x', '/a')).toBe('/x');
    expect(PathId.canonical('')).toBe('/');
    expect(PathId.parent('/a/b')).toBe('/a');
    expect(PathId.parent('/a')).toBe('/');
    expect(PathId.ancestors('/a/b/c')).toEqual(['/', '/a', '/a/b']);
    expect(PathId.ancestors('/')).toEqual([]);
    expect(PathId.taskPrefix('/a/b')).toBe('a_b');
    expect(PathId.invalidSegment('/ok/fine-1/x.y')).toBeNull();
    expect(PathId.invalidSegment('/Bad')).toBe('Bad');
    expect(PathId.invalidSegment('/-x')).toBe('-x');
    expect(() => PathId.validated('/')).toThrow();
  });
});

describe('DeploymentPlanner', () => {
  const def = (id: string, instances: number, cmd = 'sleep 1') => ({ id, cmd, instances, version: 'v' });

  it('orders stops, starts, then scales and restarts, dropping empty steps', () => {
    const steps = DeploymentPlanner.steps([
      { kind: 'app', id: '/new', before: null, after: def('/new', 1) },
      { kind: 'app', id: '/old', before: def('/old', 1), after: null },
      { kind: 'app', id: '/scaled', before: def('/scaled', 1), after: { ...def('/scaled', 3), version: 'w' } },
      { kind: 'app', id: '/changed', before: def('/changed', 1), after: def('/changed', 1, 'sleep 2') },
      { kind: 'app', id: '/same', before: def('/same', 1), after: { ...def('/same', 1), version: 'w' } },
    ]);
    expect(steps).toEqual([
      [{ action: 'StopApplication', kind: 'app', id: '/old' }],
      [{ action: 'StartApplication', kind: 'app', id: '/new' }],
      [
        { action: 'ScaleApplication', kind: 'app', id: '/new' },
        { action: 'ScaleApplication', kind: 'app', id: '/scaled' },
        { action: 'RestartApplication', kind: 'app', id: '/changed' },
      ],
    ]);
    expect(DeploymentPlanner.steps([])).toEqual([]);
  });
});
