import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConfig, runCli, readEvents, workdir, type InProcessResult } from '../helpers/driver.js';

/** One SimplePolicy test case of 100 ms plus the given tasks. */
function config(tasks: string, opts: { define?: string } = {}): string {
  return `
${opts.define ?? ''}
config:
  parameters: [{name: x}]
policies:
  - class: policy.SimplePolicy
    parameters: {x: 1}
    timeout: 100ms
tasks:
${tasks}
reporters:
  - class: reporter.RawEventsReporter
`;
}

const read = (path: string): string => readFileSync(path, 'utf8');

function completions(r: InProcessResult): Array<[string, unknown]> {
  return readEvents(r)
    .filter((e) => e.name === 'RunTaskCompletedEvent')
    .map((e) => [String(e.data.task), e.data.exception]);
}

describe('tasks.exec.Run', () => {
  it('runs a shell command with env, cwd and definitions before the tests start, and waits for it', async () => {
    const dir = workdir();
    const r = await runConfig(
      config(`  - class: tasks.exec.Run
    at: setup
    shell: yes
    cwd: ${dir}
    env: {GREETING: "hello {{who}}"}
    cmdline: "sleep 0.2; echo \\"$GREETING from $(pwd)\\" > out.txt"`, { define: 'define: {who: world}' }),
    );
    expect(r.code, r.logs.join('\n')).toBe(0);
    expect(read(join(dir, 'out.txt'))).toBe(`hello world from ${dir}\n`);
    const events = readEvents(r);
    const setupDone = events.findIndex((e) => e.name === 'RunTaskCompletedEvent' && e.data.task === 'setup');
    expect(setupDone).toBeLessThan(events.findIndex((e) => e.name === 'StartEvent'));
    expect(r.logs.join('\n')).toContain("Executing: 'sleep 0.2;");
  });

  it('writes stdin to the command (the original crashed) and splits the command line without a shell', async () => {
    const dir = workdir();
    const r = await runConfig(config(`  - class: tasks.exec.Run
    at: setup
    cwd: ${dir}
    cmdline: "tee 'a file.txt' $HOME"
    stdin: |
      line one
      line two`));
    expect(r.code).toBe(0);
    expect(read(join(dir, 'a file.txt'))).toBe('line one\nline two\n');
    // No shell: `$HOME` is a literal file name.
    expect(existsSync(join(dir, '$HOME'))).toBe(true);
  });

  it('logs stderr lines as warnings and stdout lines at debug level', async () => {
    const tasks = `  - class: tasks.exec.Run
    at: setup
    shell: yes
    cmdline: "echo out-$((1 + 1)); echo err-$((2 + 2)) >&2"`;
    const quiet = await runConfig(config(tasks));
    expect(quiet.logs.join('\n')).toMatch(/WARN.*err-4/);
    expect(quiet.logs.join('\n')).not.toContain('out-2');
    const verbose = await runConfig(config(tasks), { verbose: true });
    expect(verbose.logs.join('\n')).toMatch(/DEBUG.*out-2/);
  });

  it('ignores a non-zero exit by default (with a warning); failOnError fails the trigger and skips its remaining tasks', async () => {
    const dir = workdir();
    const tasks = (failOnError: string): string => `  - class: tasks.exec.Run
    at: setup
    shell: yes
    failOnError: ${failOnError}
    cmdline: "exit 3"
  - class: tasks.exec.Run
    at: setup
    shell: yes
    cmdline: "echo ran >> ${join(dir, `after-${failOnError}.txt`)}"`;
    const lenient = await runConfig(config(tasks('no')));
    expect(lenient.code).toBe(0);
    expect(completions(lenient)[0]).toEqual(['setup', null]);
    expect(read(join(dir, 'after-no.txt'))).toBe('ran\n');
    expect(lenient.logs.join('\n')).toContain('Command exited with code 3: exit 3');
    const strict = await runConfig(config(tasks('yes')));
    expect(completions(strict)[0]).toEqual(['setup', 'Command exited with code 3: exit 3']);
    expect(existsSync(join(dir, 'after-yes.txt'))).toBe(false);
  });

  it('stops a command that outlives its timeout', async () => {
    const started = performance.now();
    const r = await runConfig(config(`  - class: tasks.exec.Run
    at: setup
    cmdline: "sleep 30"
    timeout: 300ms`));
    expect(r.code).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.logs.join('\n')).toContain('Command timed out after 0.3s; stopping it');
  });

  it('runs at every session trigger and at MultiStepPolicy step triggers, in order', async () => {
    const dir = workdir();
    const log = join(dir, 'log.txt');
    const at = (trigger: string): string => `  - class: tasks.exec.Run
    at: ${trigger}
    shell: yes
    cmdline: "echo ${trigger} >> ${log}"`;
    const r = await runConfig(`
config:
  parameters: [{name: x}]
policies:
  - class: policy.MultiStepPolicy
    steps:
      - name: Ramp
        tasks: {start: begin, pre_value: prepare, end: finish}
        values: [{parameter: x, values: [1, 2]}]
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{x}}"
tasks:
${['setup', 'pretest', 'begin', 'prepare', 'intertest', 'finish', 'posttest', 'teardown'].map(at).join('\n')}
reporters:
  - class: reporter.CSVReporter
`);
    expect(r.code, r.logs.join('\n')).toBe(0);
    expect(read(log).trim().split('\n')).toEqual(['setup', 'pretest', 'begin', 'prepare', 'intertest', 'prepare', 'intertest', 'finish', 'posttest', 'teardown']);
  });

  it('passes Ctrl-C on to a running command, so the driver exits with 130 at once', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'c.yml'), config(`  - {class: tasks.exec.Run, at: setup, cmdline: "sleep 60"}`));
    const started = performance.now();
    let sent = false;
    const r = await runCli(['--log-format', 'json', '-r', join(dir, 'results'), join(dir, 'c.yml')], {
      timeoutMs: 30_000,
      onStderr: (text, child) => {
        if (!sent && text.includes("Executing: 'sleep 60'")) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
