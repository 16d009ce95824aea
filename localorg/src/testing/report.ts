/**
 * Test run output: the console report (failures, coverage table, closing `N passed, N failed`),
 * JUnit XML and JSON coverage.
 */
import { percent, type CoverageRow } from './coverage';
import type { TestRunResult } from './runner';

function indent(s: string): string {
  return s
    .split('\n')
    .filter((l) => l)
    .map((l) => `    ${l}`)
    .join('\n');
}

/** The coverage table: one row per class and trigger. */
export function formatCoverage(rows: CoverageRow[]): string {
  if (!rows.length) return 'Coverage: no classes or triggers';
  const width = Math.max(...rows.map((r) => r.name.length + (r.kind === 'trigger' ? 10 : 0)), 10);
  const lines = ['Coverage (covered lines / executable lines):'];
  for (const r of rows) {
    const name = r.kind === 'trigger' ? `${r.name} (trigger)` : r.name;
    lines.push(
      `  ${name.padEnd(width)}  ${`${r.covered}/${r.total}`.padStart(9)}  ${percent(r).toFixed(2).padStart(6)}%`,
    );
  }
  const covered = rows.reduce((n, r) => n + r.covered, 0);
  const total = rows.reduce((n, r) => n + r.total, 0);
  lines.push(
    `  ${'Total'.padEnd(width)}  ${`${covered}/${total}`.padStart(9)}  ${(total ? (covered / total) * 100 : 100).toFixed(2).padStart(6)}%`,
  );
  return lines.join('\n');
}

/**
 * The whole console report; the last line is exactly `N passed, N failed`. `sections` (such as
 * the failures by cause) come after the coverage table, before that line.
 */
export function formatReport(run: TestRunResult, sections: string[] = []): string {
  const out: string[] = [];
  for (const r of run.results) {
    if (r.outcome !== 'Fail' || !r.failure) continue;
    // One line per failure: message and the innermost frame; outer frames follow, indented.
    const [first, ...rest] = r.failure.trace.split('\n').filter((l) => l);
    out.push(
      `FAIL ${r.className}.${r.methodName}: ${r.failure.type}: ${r.failure.message}${first ? ` (${first})` : ''}`,
    );
    if (rest.length) out.push(indent(rest.join('\n')));
  }
  out.push(formatCoverage(run.coverage), ...sections);
  out.push(`${run.passed} passed, ${run.failed} failed`);
  return out.join('\n');
}

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function junitXml(run: TestRunResult): string {
  const byClass = new Map<string, TestRunResult['results']>();
  for (const r of run.results) {
    const list = byClass.get(r.className) ?? [];
    list.push(r);
    byClass.set(r.className, list);
  }
  const suites = [...byClass].map(([cls, rs]) => {
    const failures = rs.filter((r) => r.outcome === 'Fail').length;
    const time = rs.reduce((n, r) => n + r.time, 0) / 1000;
    const cases = rs.map((r) => {
      const head = `    <testcase classname="${xml(cls)}" name="${xml(r.methodName)}" time="${(r.time / 1000).toFixed(3)}"`;
      if (!r.failure) return `${head}/>`;
      return `${head}>\n      <failure type="${xml(r.failure.type)}" message="${xml(r.failure.message)}">${xml(r.failure.trace)}</failure>\n    </testcase>`;
    });
    return `  <testsuite name="${xml(cls)}" tests="${rs.length}" failures="${failures}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${run.results.length}" failures="${run.failed}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function coverageJson(run: TestRunResult): string {
  return `${JSON.stringify(
    run.coverage.map((r) => ({
      name: r.name,
      kind: r.kind,
      file: r.file,
      covered: r.covered,
      total: r.total,
      percent: Number(percent(r).toFixed(2)),
      uncoveredLines: r.uncovered,
    })),
    null,
    2,
  )}\n`;
}

/** Rows under `min` percent. */
export function belowMinimum(rows: CoverageRow[], min: number): CoverageRow[] {
  return rows.filter((r) => percent(r) < min);
}
