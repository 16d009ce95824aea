/**
 * AST cache: parsing is the slow part of loading a project, so ASTs are stored as JSON under
 * `<project>/.localorg/cache/`, keyed by a hash of the AST version, the kind and the content.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceKind } from '../load/parse';
import { buildAst } from './build';
import { AST_VERSION, type CompilationUnit } from './nodes';

/**
 * What `buildAst` checks besides the syntax (`reserved.ts`): part of the key, so entries written
 * before a check existed are never read.
 */
const BUILD_CHECKS = 'reserved-identifiers';

export function astCacheKey(source: string, kind: SourceKind): string {
  return createHash('sha256')
    .update(`${AST_VERSION}\0${BUILD_CHECKS}\0${kind}\0${source}`)
    .digest('hex');
}

/**
 * The JSON of every AST this process built or read, by cache key: a process that loads the same
 * sources into several orgs (a test run, copies of a project in temporary directories) parses
 * each once. Each load gets its own copy of the tree, as from the disk cache.
 */
const inMemory = new Map<string, string>();

/**
 * Build the AST of a source, through the process's memory, and the on-disk cache when
 * `projectDir` is given. `key` is the source's `astCacheKey`, for a caller that has it already.
 */
export function loadAst(
  source: string,
  kind: SourceKind,
  file: string,
  projectDir?: string,
  key: string = astCacheKey(source, kind),
): CompilationUnit {
  const remembered = inMemory.get(key);
  if (remembered) return JSON.parse(remembered) as CompilationUnit;
  if (!projectDir) {
    const ast = buildAst(source, kind, file);
    inMemory.set(key, JSON.stringify(ast));
    return ast;
  }
  const dir = join(projectDir, '.localorg', 'cache');
  const path = join(dir, `${key}.json`);
  if (existsSync(path)) {
    try {
      const json = readFileSync(path, 'utf8');
      const cached = JSON.parse(json) as CompilationUnit;
      if (cached.version === AST_VERSION) {
        inMemory.set(key, json);
        return cached;
      }
    } catch {
      // A damaged cache entry is rebuilt below.
    }
  }
  const ast = buildAst(source, kind, file);
  const json = JSON.stringify(ast);
  inMemory.set(key, json);
  mkdirSync(dir, { recursive: true });
  // Write then rename, so a concurrent reader never sees a half-written entry.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, json);
  renameSync(tmp, path);
  return ast;
}
