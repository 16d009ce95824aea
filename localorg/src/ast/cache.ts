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

/** Build the AST of a source, through the on-disk cache when `projectDir` is given. */
export function loadAst(
  source: string,
  kind: SourceKind,
  file: string,
  projectDir?: string,
): CompilationUnit {
  if (!projectDir) return buildAst(source, kind, file);
  const dir = join(projectDir, '.localorg', 'cache');
  const path = join(dir, `${astCacheKey(source, kind)}.json`);
  if (existsSync(path)) {
    try {
      const cached = JSON.parse(readFileSync(path, 'utf8')) as CompilationUnit;
      if (cached.version === AST_VERSION) return cached;
    } catch {
      // A damaged cache entry is rebuilt below.
    }
  }
  const ast = buildAst(source, kind, file);
  mkdirSync(dir, { recursive: true });
  // Write then rename, so a concurrent reader never sees a half-written entry.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(ast));
  renameSync(tmp, path);
  return ast;
}
