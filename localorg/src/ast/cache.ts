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
 * Every AST this process built or read, by cache key: a process that loads the same sources into
 * several orgs (a test run, copies of a project in temporary directories) parses and reads each
 * once, and its orgs share the tree. It is frozen, so no org can change what another runs.
 */
const inMemory = new Map<string, CompilationUnit>();

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
    return remembered;
  }
  if (path && existsSync(path)) {
    try {
      const cached = JSON.parse(readFileSync(path, 'utf8')) as CompilationUnit;
      if (cached.version === AST_VERSION) {
        onDisk.add(path);
        return remember(key, cached);
      }
    } catch {
      // A damaged cache entry is rebuilt below.
    }
  }
  const ast = remember(key, buildAst(source, kind, file));
  if (path) writeEntry(path, ast);
  return ast;
}

function remember(key: string, ast: CompilationUnit): CompilationUnit {
  inMemory.set(key, deepFreeze(ast));
  return ast;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Writes a cache entry unless it is there already. */
function keepOnDisk(path: string, ast: CompilationUnit): void {
  if (onDisk.has(path)) return;
  if (existsSync(path)) onDisk.add(path);
  else writeEntry(path, ast);
}

function writeEntry(path: string, ast: CompilationUnit): void {
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so a concurrent reader never sees a half-written entry.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(ast));
  renameSync(tmp, path);
  onDisk.add(path);
}
