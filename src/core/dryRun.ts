import { stringify } from 'yaml';
import { renderConfig } from './Macros.js';
import { redactConfig } from './redactConfig.js';
import type { Session } from './Session.js';
import type { PreparedConfig } from './runDriver.js';
import { formatValue } from './Macros.js';

const MAX_LISTED_CASES = 50;

/**
 * The --dry-run report: the merged config with definitions and meta expanded (parameter
 * macros stay visible as `{{name}}`), secrets redacted, and the planned test cases.
 */
export function dryRunReport(prepared: PreparedConfig, session: Session): string {
  const props: Record<string, unknown> = { ...prepared.definitions.all() };
  for (const [k, v] of Object.entries(prepared.meta)) props[`meta:${k}`] = v;
  for (const p of prepared.general.parameters) props[p.name] = `{{${p.name}}}`;
  const expanded = renderConfig(prepared.root, props);
  const lines: string[] = ['# Merged configuration (definitions expanded, secrets redacted)', stringify(redactConfig(expanded, prepared.definitions)).trimEnd(), '', '# Plan'];
  const runs = prepared.general.runs;
  lines.push(`Runs: ${runs}`);
  const plan = session.plan();
  if (!plan) {
    lines.push('Test cases per run: not known in advance (a policy decides them while running)');
  } else {
    lines.push(`Test cases per run: ${plan.cases.length} (${session.policies.map((p) => p.name).join(', ')})`);
    lines.push(`Test cases in total: ${plan.cases.length * runs}`);
    plan.cases.slice(0, MAX_LISTED_CASES).forEach((c, i) => {
      const text = Object.entries(c).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
      lines.push(`  ${i + 1}. ${text || '(no parameters)'}`);
    });
    if (plan.cases.length > MAX_LISTED_CASES) lines.push(`  ... and ${plan.cases.length - MAX_LISTED_CASES} more`);
    lines.push(plan.seconds === null ? 'Estimated duration: not known (test cases end on events)' : `Estimated duration: ${Math.round(plan.seconds * runs)} s`);
  }
  return `${lines.join('\n')}\n`;
}
