/**
 * `localorg test --report causes`: failures grouped by cause, so a foreign suite's failures can
 * be measured: a feature localorg refuses (`not supported in localorg: …`), an assertion, or an
 * exception type with the shape of its message (quoted text, numbers and Ids blanked out).
 */
import type { TestResult, TestRunResult } from './runner';

export interface Cause {
  /** `refused: new Group()`, `assertion`, `System.TypeException: Invalid conversion …`. */
  cause: string;
  count: number;
  /** The first failure with this cause: `Class.method: type: message`. */
  example: string;
}

const REFUSED = 'not supported in localorg: ';

/** The message with what varies between occurrences of one cause blanked out. */
export function messageShape(message: string): string {
  return message
    .split('\n')[0]
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?\b(?=\W|$)/g, (w) => (/\d/.test(w) ? '<Id>' : w))
    .replace(/\d+/g, 'N');
}

/** The cause a failure counts under. */
export function causeOf(r: TestResult): string {
  const f = r.failure;
  if (!f) return 'unknown';
  const refused = f.message.indexOf(REFUSED);
  if (refused >= 0) return `refused: ${f.message.slice(refused + REFUSED.length).split('\n')[0]}`;
  if (f.type === 'System.AssertException') return 'assertion';
  return `${f.type}: ${messageShape(f.message)}`;
}

/** Failures grouped by cause, most frequent first (ties by name). */
export function groupCauses(run: TestRunResult): Cause[] {
  const byCause = new Map<string, Cause>();
  for (const r of run.results) {
    if (r.outcome !== 'Fail') continue;
    const cause = causeOf(r);
    const known = byCause.get(cause);
    if (known) known.count++;
    else
      byCause.set(cause, {
        cause,
        count: 1,
        example: `${r.className}.${r.methodName}: ${r.failure?.type}: ${r.failure?.message.split('\n')[0]}`,
      });
  }
  return [...byCause.values()].sort((a, b) => b.count - a.count || (a.cause < b.cause ? -1 : 1));
}

/** The causes as text: one line per cause with its count, then its example, indented. */
export function formatCauses(run: TestRunResult): string {
  const causes = groupCauses(run);
  if (!causes.length) return 'Failures by cause: none';
  const width = String(causes[0].count).length;
  const lines = [`Failures by cause (${causes.length} causes):`];
  for (const c of causes) {
    lines.push(`  ${String(c.count).padStart(width)}  ${c.cause}`);
    lines.push(`  ${' '.repeat(width)}    e.g. ${c.example}`);
  }
  return lines.join('\n');
}
