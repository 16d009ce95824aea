/**
 * `npm run bench:load [-- --project DIR --runs N]`: what loading a project costs, in a new
 * process each time as a developer meets it (CPU ms of `createLocalOrg`, the median of N runs;
 * the host's CPU time, so the figure holds on a loaded machine better than wall time would).
 *
 * - `unchecked`: parse-and-load from the AST cache without the load-time type check;
 * - `stamped`: with the check, every source stamped as passed (`interp/typecheck-stamp.ts`);
 * - `cold`: with the check and no stamps, so every body is type-checked (and compiled).
 *
 * The check's share is `stamped` and `cold` against `unchecked`. A figure to improve, not a
 * timed test.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalOrg } from '../localorg';
import { STAMPS_FILE } from '../interp/typecheck-stamp';

export const LOAD_MODES = ['unchecked', 'stamped', 'cold'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];

/** Load the project once in this process; returns the CPU ms `createLocalOrg` took. */
export function loadOnce(projectDir: string, mode: LoadMode): number {
  if (mode === 'cold') rmSync(join(projectDir, '.localorg', 'cache', STAMPS_FILE), { force: true });
  const started = process.cpuUsage();
  createLocalOrg({ projectDir, typecheck: mode !== 'unchecked' });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median CPU ms of each mode, each run in a new process (`runs` per mode, interleaved). */
export function benchLoad(projectDir: string, runs: number): Record<LoadMode, number> {
  const self = fileURLToPath(import.meta.url);
  // Fills the AST cache and the stamps, so that only the cold runs check.
  loadOnce(projectDir, 'stamped');
  const times: Record<LoadMode, number[]> = { unchecked: [], stamped: [], cold: [] };
  for (let i = 0; i < runs; i++) {
    for (const mode of LOAD_MODES) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', self, '--child', mode, '--project', projectDir],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`${mode} load failed:\n${child.stderr}`);
      times[mode].push(Number(child.stdout.trim()));
    }
  }
  return {
    unchecked: Math.round(median(times.unchecked)),
    stamped: Math.round(median(times.stamped)),
    cold: Math.round(median(times.cold)),
  };
}

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const projectDir = resolve(arg('project') ?? '.');
  const child = arg('child') as LoadMode | undefined;
  if (child) console.log(loadOnce(projectDir, child));
  else {
    const runs = Number(arg('runs') ?? 5);
    const t = benchLoad(projectDir, runs);
    const share = (ms: number) =>
      `${ms >= t.unchecked ? '+' : ''}${Math.round((ms / t.unchecked - 1) * 100)}%`;
    console.log(`load ${projectDir} in a new process (CPU ms, median of ${runs})`);
    console.log(`  without the type check      ${t.unchecked}`);
    console.log(`  checked, every source stamped ${t.stamped} (${share(t.stamped)})`);
    console.log(`  checked, no stamps (cold)    ${t.cold} (${share(t.cold)})`);
  }
}
