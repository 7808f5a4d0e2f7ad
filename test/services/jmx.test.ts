import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, runCli, workdir } from '../helpers/driver.js';
import { runConfig } from '../helpers/driver.js';
import { join } from 'node:path';
import { startJvm, type TestJvm } from './harness/jvm.js';
import { freePort } from './harness/scripts.js';

let jvm: TestJvm;

beforeAll(async () => {
  jvm = await startJvm();
}, 300_000);

afterAll(async () => {
  await jvm?.stop();
}, 60_000);

const TARGET = 'pdt.test:type=Target';

const METRICS = `
      - {field: answer, mbean: "${TARGET}", attrib: Answer}
      - {field: doubled, mbean: "${TARGET}", attrib: Answer, value: "value * 2"}
      - {field: counter, mbean: "${TARGET}", attrib: Counter}
      - {field: label, mbean: "${TARGET}", attrib: Label}
      - {field: ratio, mbean: "${TARGET}", attrib: Ratio}
      - {field: heap, mbean: "java.lang:type=Memory", attrib: HeapMemoryUsage}
      - {field: heapUsed, mbean: "java.lang:type=Memory", attrib: HeapMemoryUsage, value: "value.used"}
      - {field: threads, mbean: "java.lang:type=Threading", attrib: ThreadCount}
      - {field: broken, mbean: "${TARGET}", attrib: Broken}
      - {field: missing, mbean: "pdt.test:type=Nope", attrib: Answer}`;

const jmxConfig = (observer: string, channel: string, policy: string) => `
config:
  title: JMX
  parameters: [{name: x}]
  metrics: [{name: answer, summarize: [mean]}]
policies:
${policy}
channels:
${channel}
observers:
${observer}
trackers:
  - class: tracker.EventAttributeTracker
    event: JMXMeasurement
    extract: [{metric: answer, attrib: "fields['answer']"}]
reporters:
  - class: reporter.RawEventsReporter
  - class: reporter.RawReporter
`;

const count = (logs: string[], text: string): number => logs.filter((l) => l.includes(text)).length;

describe('observer.JMXObserver', () => {
  it('reads every kind of attribute over remote JMX between the activate and deactivate events', async () => {
    const r = await runConfig(
      jmxConfig(
        `  - class: observer.JMXObserver\n    connect: {host: 127.0.0.1, port: ${jvm.port}}\n    interval: 100ms\n    metrics:${METRICS}`,
        '  - class: channel.CmdlineChannel\n    shell: yes\n    restart: no\n    cmdline: "sleep 2 # {{x}}"',
        '  - class: policy.MultivariableExplorerPolicy\n    matrix: {x: {type: discrete, values: [1, 2]}}\n    events: {signal: {OK: CmdlineExitZeroEvent}}',
      ),
    );
    expect(r.code).toBe(0);
    // Default events: each CmdlineStartedEvent starts the helper, each CmdlineExitEvent stops it.
    expect(count(r.logs, 'Starting jmx middleware')).toBe(2);
    expect(count(r.logs, 'Stopping jmx middleware')).toBe(2);
    expect(count(r.logs, `Connected to JMX at service:jmx:rmi:///jndi/rmi://127.0.0.1:${jvm.port}/jmxrmi`)).toBe(2);
    // Problems are logged once per activation, not at every reading.
    expect(count(r.logs, 'Measurement of metric broken encountered an error: <mbean-error>')).toBe(2);
    expect(count(r.logs, 'The MBean or Attribute for metric missing is missing')).toBe(2);

    const events = readEvents(r);
    const measurements = events.filter((e) => e.name === 'JMXMeasurement');
    expect(measurements.length).toBeGreaterThanOrEqual(4);
    for (const m of measurements) {
      const f = m.data.fields as Record<string, any>;
      expect(Object.keys(f).sort()).toEqual(['answer', 'counter', 'doubled', 'heap', 'heapUsed', 'label', 'ratio', 'threads']);
      expect(f.answer).toBe(42);
      expect(f.doubled).toBe(84);
      expect(f.label).toBe('hello "jmx"');
      expect(f.ratio).toBe(0.25);
      expect(Object.keys(f.heap).sort()).toEqual(['committed', 'init', 'max', 'used']);
      // Two readings of the heap a moment apart: the same kind of number, not the same value.
      expect(Number.isInteger(f.heapUsed) && f.heapUsed > 0 && f.heapUsed <= f.heap.max).toBe(true);
      expect(f.heap.used).toBeGreaterThan(0);
      expect(Number.isInteger(f.threads) && f.threads > 0).toBe(true);
      expect(Number.isInteger(f.counter) && f.counter > 0).toBe(true);
    }
    // The counter grows with every reading: the values are live.
    const counters = measurements.map((m) => (m.data.fields as { counter: number }).counter);
    expect(counters.some((c, i) => i > 0 && c > counters[i - 1]!)).toBe(true);

    // resendOnUpdate: the second test case gets the last values with its own trace ids at once.
    const updates = events.filter((e) => e.name === 'ParameterUpdateEvent');
    const second = updates[1]!.data.traceids as number[];
    const resent = measurements.find((m) => second.every((id) => (m.data.traceids as number[]).includes(id)));
    expect(resent).toBeDefined();

    // Measurements carry the current test case's trace ids, so trackers attribute them.
    const raw = JSON.parse(r.read('results-raw.json')) as { raw: Array<{ parameters: { x: number }; values: { answer: Array<[number, number]> } }> };
    expect(raw.raw.map((a) => a.parameters.x)).toEqual([1, 2]);
    for (const axis of raw.raw) {
      expect(axis.values.answer.length).toBeGreaterThan(0);
      expect(new Set(axis.values.answer.map(([, v]) => v))).toEqual(new Set([42]));
    }
  });

  it('attaches by pid to a JVM launched by a CmdlineChannel (pid_from with {{cmdlinepid}})', async () => {
    const r = await runConfig(
      jmxConfig(
        `  - class: observer.JMXObserver\n    connect: {pid_from: "echo {{cmdlinepid}}"}\n    interval: 100ms\n    resendOnUpdate: no\n    metrics:\n      - {field: answer, mbean: "${TARGET}", attrib: Answer}\n      - {field: threads, mbean: "java.lang:type=Threading", attrib: ThreadCount}`,
        `  - class: channel.CmdlineChannel\n    restart: no\n    gracePeriod: 5s\n    cmdline: "java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp ${jvm.classDir} JmxTarget {{x}}"`,
        '  - class: policy.SimplePolicy\n    parameters: {x: 1}\n    events: {end: "JMXMeasurement[fields.answer=42]"}\n    timeout: 40s',
      ),
    );
    expect(r.code).toBe(0);
    expect(r.logs.some((l) => /Connected to JMX at service:jmx:rmi:\/\/127\.0\.0\.1\/stub\//.test(l))).toBe(true);
    const measurements = readEvents(r).filter((e) => e.name === 'JMXMeasurement');
    const last = measurements.at(-1)!.data.fields as Record<string, unknown>;
    expect(last.answer).toBe(42);
    expect(typeof last.threads).toBe('number');
    const raw = JSON.parse(r.read('results-raw.json')) as { raw: Array<{ values: { answer: Array<[number, number]> } }> };
    expect(raw.raw[0]!.values.answer.map(([, v]) => v)).toContain(42);
  });

  it('logs a refused connection or a pid that is no JVM once, keeps retrying while active, and never signals a non-JVM', async () => {
    const closed = await freePort();
    const r = await runConfig(
      jmxConfig(
        `  - class: observer.JMXObserver\n    connect: {port: ${closed}}\n    events: {activate: StartEvent, deactivate: TeardownEvent}\n    metrics:\n      - {field: answer, mbean: "${TARGET}", attrib: Answer}
  - class: observer.JMXObserver\n    connect: {pid_from: "echo {{cmdlinepid}}"}\n    metrics:\n      - {field: answer, mbean: "${TARGET}", attrib: Answer}`,
        '  - class: channel.CmdlineChannel\n    restart: no\n    cmdline: "sleep 2.5 {{x}}"',
        '  - class: policy.SimplePolicy\n    parameters: {x: 0}\n    events: {end: CmdlineExitEvent}\n    timeout: 20s',
      ),
    );
    expect(r.code).toBe(0);
    const refused = r.logs.filter((l) => l.includes('JMX middleware: I/O Error'));
    expect(refused).toEqual([expect.stringMatching(new RegExp(`ERROR .* observer\\.JMXObserver: JMX middleware: I/O Error: cannot connect to service:jmx:rmi:///jndi/rmi://127\\.0\\.0\\.1:${closed}/jmxrmi: Connection refused$`))]);
    const notJvm = r.logs.filter((l) => l.includes('is not a Java virtual machine'));
    expect(notJvm).toEqual([expect.stringMatching(/ERROR .* observer\.JMXObserver: JMX middleware: Process \d+ is not a Java virtual machine$/)]);
    // The sleep was left alone (attaching would have sent it SIGQUIT) and ended normally.
    expect(r.logs.some((l) => l.includes('Process completed with exit code 0'))).toBe(true);
  });

  it('rejects a connection without port or pid_from, and a field read twice', async () => {
    const channel = '  - class: channel.CmdlineChannel\n    cmdline: "true {{x}}"';
    const policy = '  - class: policy.SimplePolicy\n    parameters: {x: 1}';
    const noTarget = await runConfig(jmxConfig(`  - class: observer.JMXObserver\n    connect: {host: 127.0.0.1}\n    metrics: [{field: a, mbean: "${TARGET}", attrib: Answer}]`, channel, policy));
    expect(noTarget.code).toBe(2);
    expect(noTarget.logs.join('\n')).toContain('`connect` needs `port` (with an optional `host`) or `pid_from`');
    const twice = await runConfig(
      jmxConfig(`  - class: observer.JMXObserver\n    connect: {port: ${jvm.port}}\n    metrics: [{field: a, mbean: "${TARGET}", attrib: Answer}, {field: a, mbean: "${TARGET}", attrib: Counter}]`, channel, policy),
    );
    expect(twice.code).toBe(2);
    expect(twice.logs.join('\n')).toContain('metrics[1]: the field `a` is already read by another metric');
  });

  it('refuses to start with a clear message when no JDK is installed', async () => {
    const dir = workdir({
      'jmx.yml': jmxConfig(
        `  - class: observer.JMXObserver\n    connect: {port: ${jvm.port}}\n    metrics:\n      - {field: answer, mbean: "${TARGET}", attrib: Answer}`,
        '  - class: channel.CmdlineChannel\n    cmdline: "true {{x}}"',
        '  - class: policy.SimplePolicy\n    parameters: {x: 1}',
      ),
    });
    const r = await runCli([join(dir, 'jmx.yml'), '-r', join(dir, 'results')], { cwd: dir, env: { PATH: '/nonexistent', JAVA_HOME: '', XDG_CACHE_HOME: join(dir, 'cache') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('observer.JMXObserver needs a Java Development Kit to compile its helper, and `javac` was not found in $JAVA_HOME/bin or on PATH');
  });
});
