/**
 * AST cache: parsing is the slow part of loading a project, so ASTs are stored as JSON under
 * `<project>/.localorg/cache/`, keyed by a hash of the AST version, the kind and the content.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** Cache files this process has written or found, so each is looked for once. */
const onDisk = new Set<string>();

/**
 * Build the AST of a source, through the process's memory, and the on-disk cache when
 * `projectDir` is given. `key` is the source's `astCacheKey`, for a caller that has it already.
 * An AST the process holds is written to a project's cache that lacks it (a process that loaded
 * the sources without the cache first, say from a copy of the project), so the next process
 * reads it rather than parsing again.
 */
export function loadAst(
  source: string,
  kind: SourceKind,
  file: string,
  projectDir?: string,
  key: string = astCacheKey(source, kind),
): CompilationUnit {
  const path = projectDir ? join(projectDir, '.localorg', 'cache', `${key}.json`) : undefined;
  const remembered = inMemory.get(key);
  if (remembered) {
    if (path) keepOnDisk(path, remembered);
    return JSON.parse(remembered) as CompilationUnit;
  }
  if (!path) {
    const ast = buildAst(source, kind, file);
    inMemory.set(key, JSON.stringify(ast));
    return ast;
  }
  if (existsSync(path)) {
    try {
      const json = readFileSync(path, 'utf8');
      const cached = JSON.parse(json) as CompilationUnit;
      if (cached.version === AST_VERSION) {
        inMemory.set(key, json);
        onDisk.add(path);
        return cached;
      }
    } catch {
      // A damaged cache entry is rebuilt below.
    }
  }
  const ast = buildAst(source, kind, file);
  const json = JSON.stringify(ast);
  inMemory.set(key, json);
  writeEntry(path, json);
  return ast;
}

/** Writes a cache entry unless it is there already. */
function keepOnDisk(path: string, json: string): void {
  if (onDisk.has(path)) return;
  if (existsSync(path)) onDisk.add(path);
  else writeEntry(path, json);
}

function writeEntry(path: string, json: string): void {
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so a concurrent reader never sees a half-written entry.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, json);
  renameSync(tmp, path);
  onDisk.add(path);
}
