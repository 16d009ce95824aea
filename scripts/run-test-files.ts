/**
 * Runs node:test files in one process, each file a suite named by its path: `node --import tsx
 * --test-reporter=tap scripts/run-test-files.ts FILE...`.
 *
 * `node --test` starts a process per file, one file at a time on a two-core machine (Node 20 runs
 * `availableParallelism() - 1` files at once), and each process pays for tsx and for loading
 * localorg and the project again: about two seconds a file, over a hundred files. One process
 * loads them once. A file's `before`/`after` hooks belong to its suite, and a file that fails to
 * load is a failed test of its own, so the step's counts show it.
 */
import { describe, test } from 'node:test';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) {
  describe(file, async () => {
    try {
      await import(pathToFileURL(resolve(file)).href);
    } catch (error) {
      test('loads', () => {
        throw error;
      });
    }
  });
}
