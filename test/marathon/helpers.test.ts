import { describe, expect, it } from 'vitest';
import { canonicalId } from '../../src/marathon/canonicalId.js';
import { InstanceTraces } from '../../src/marathon/InstanceTraces.js';
import { diffRootGroups, type MarathonGroup } from '../../src/marathon/diffRootGroups.js';
import { flattenJson } from '../../src/marathon/flattenJson.js';
import { readRetry } from '../../src/marathon/readRetry.js';
import { readBulkPacing } from '../../src/marathon/readBulkPacing.js';
import { planInstanceIds } from '../../src/marathon/planInstanceIds.js';
import { parseMarathonTimestamp } from '../../src/marathon/parseMarathonTimestamp.js';
import { deploymentIdOf } from '../../src/marathon/deploymentIdOf.js';

const group = (id: string, apps: Array<Record<string, unknown>> = [], groups: MarathonGroup[] = []): MarathonGroup => ({ id, apps, pods: [], groups });

describe('Marathon helpers', () => {
  it('canonicalId makes ids absolute and drops empty segments', () => {
    expect(canonicalId('deployment')).toBe('/deployment');
    expect(canonicalId('/a//b/')).toBe('/a/b');
    expect(canonicalId('/')).toBe('/');
  });

  it('InstanceTraces finds the request of an app or of a group above it; forget drops exact ids', () => {
    const t = new InstanceTraces();
    t.set('g', [1, 2]);
    t.set('/x/app', [3]);
    expect(t.collect(['/g/a/b']).sort()).toEqual([1, 2]);
    expect(t.collect(['/x/app', '/g/c']).sort()).toEqual([1, 2, 3]);
    expect(t.collect(['/y'])).toEqual([]);
    t.forget(['/g/a/b', 'x/app']);
    expect(t.collect(['/g/d']).sort()).toEqual([1, 2]);
    expect(t.all().sort()).toEqual([1, 2]);
  });

  it('diffRootGroups: removed at once, added and changed once no deployment lists them, nested groups', () => {
    const before = group('/', [{ id: '/gone' }, { id: '/same', v: 1 }, { id: '/busy', v: 1 }], [group('/old', [{ id: '/old/a' }])]);
    const after = group(
      '/',
      [{ id: '/same', v: 1 }, { id: '/busy', v: 2, deployments: [{ id: 'd' }] }, { id: '/new', deployments: [] }, { id: '/pending', deployments: [{ id: 'e' }] }],
      [group('/fresh', [{ id: '/fresh/a' }], [group('/fresh/inner', [{ id: '/fresh/inner/b' }])])],
    );
    const diff = diffRootGroups(before, after);
    expect([...diff.instances].sort()).toEqual(['/fresh/a', '/fresh/inner/b', '/gone', '/new', '/old/a']);
    expect([...diff.groups].sort()).toEqual(['/fresh', '/fresh/inner', '/old']);
  });

  it('flattenJson joins paths with dots, keys with dots included, and arrays by index', () => {
    const flat = flattenJson({ foo: { 'bar.baz': { bax: 1 } }, list: [{ a: true }, null], n: null });
    expect([...flat]).toEqual([
      ['foo.bar.baz.bax', 1],
      ['list.0.a', true],
      ['list.1', null],
      ['n', null],
    ]);
  });

  it('readRetry: yes, no, a mapping with defaults, and errors', () => {
    expect(readRetry(undefined)).toEqual({ tries: 10, interval: 1 });
    expect(readRetry(true)).toEqual({ tries: 10, interval: 1 });
    expect(readRetry('yes')).toEqual({ tries: 10, interval: 1 });
    expect(readRetry(false)).toEqual({ tries: 1, interval: 0 });
    expect(readRetry('no')).toEqual({ tries: 1, interval: 0 });
    expect(readRetry({ tries: 3 })).toEqual({ tries: 3, interval: 1 });
    expect(readRetry({ interval: '250ms' })).toEqual({ tries: 10, interval: 0.25 });
    expect(readRetry({ tries: '2', interval: 0 })).toEqual({ tries: 2, interval: 0 });
    expect(() => readRetry({ tries: 0 })).toThrow('`retry.tries` must be a whole number of at least 1');
    expect(() => readRetry({ tires: 2 })).toThrow('Unknown key `tires` in retry');
    expect(() => readRetry('sometimes')).toThrow('`retry` must be yes, no or a mapping');
  });

  it('readBulkPacing: numbers or numeric strings; burst and parallel exclude each other', () => {
    expect(readBulkPacing({})).toEqual({ parallel: null, burst: null, rate: null });
    expect(readBulkPacing({ parallel: '4', rate: 2.5 })).toEqual({ parallel: 4, burst: null, rate: 2.5 });
    expect(readBulkPacing({ burst: 10.7 })).toEqual({ parallel: null, burst: 10, rate: null });
    expect(() => readBulkPacing({ parallel: 1, burst: 2 })).toThrow('Please specify either a `burst` or a `parallel` parameter, but not both');
    expect(() => readBulkPacing({ rate: 0 })).toThrow('`rate` must be a positive number');
    expect(() => readBulkPacing({ parallel: 0 })).toThrow('`parallel` must be a number of at least 1');
  });

  it('reads plan ids, timestamps and deployment ids the way Marathon writes them', () => {
    expect(planInstanceIds({ steps: [{ actions: [{ action: 'StartApplication', app: '/a' }] }, { actions: [{ action: 'ScaleApplication', app: '/a' }, { action: 'StartPod', pod: '/p' }] }] })).toEqual(['/a', '/p']);
    expect(parseMarathonTimestamp('2018-01-15T12:09:53.629Z')).toBe(1516018193.629);
    expect(parseMarathonTimestamp('yesterday')).toBeNull();
    expect(deploymentIdOf({ 'marathon-deployment-id': 'h' }, { deploymentId: 'b' })).toBe('h');
    expect(deploymentIdOf({}, { deploymentId: 'b' })).toBe('b');
    expect(deploymentIdOf({}, { deployments: [{ id: 'c' }] })).toBe('c');
    expect(deploymentIdOf({}, 'text')).toBeNull();
  });
});
