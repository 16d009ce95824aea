/**
 * Load-time type checking compiles every method body, which costs more than loading cached
 * ASTs. As an incremental compiler keeps build info, a project whose Apex sources all passed
 * the check before is not checked again: a stamp under `<project>/.localorg/cache/` names the
 * exact set of sources (and the version of the typing rules) that passed. Method bodies then
 * compile on first call, as they did before the check existed, and a typing error they hold
 * (possible only when object metadata changed since) is reported when the method runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when the typing rules change: every project is checked again. */
export const TYPING_VERSION = 1;

export interface TypecheckStamp {
  /** True when these exact sources passed the check before. */
  passed: boolean;
  /** Record that they passed now. */
  record(): void;
}

/** The stamp of a project's sources (`keys`: one per source, such as its AST cache key). */
export function typecheckStamp(projectDir: string, keys: string[]): TypecheckStamp {
  const hash = createHash('sha256').update(`${TYPING_VERSION}\0${[...keys].sort().join('\0')}`);
  const dir = join(projectDir, '.localorg', 'cache');
  const path = join(dir, `typecheck-${hash.digest('hex')}.ok`);
  return {
    passed: existsSync(path),
    record: () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, '');
    },
  };
}
