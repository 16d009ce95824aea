/**
 * Load-time type checking compiles every method body, which costs more than loading cached
 * ASTs. As an incremental compiler keeps build info, a source that passed the check is not
 * checked again while nothing it can see has changed: a stamp per source under
 * `<project>/.localorg/cache/` names its content (its AST cache key), its API version, the
 * interfaces of every type in the project (declarations without bodies or positions: what
 * another body's typing reads) and the version of the typing rules. Editing a method body
 * re-checks that one source; changing a declaration re-checks them all. Bodies of stamped
 * sources compile on first call, as they did before the check existed, and a typing error they
 * hold (possible only when object metadata changed since) is reported when the method runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Member, Modifiers, TypeDecl } from '../ast/nodes';

/** Bump when the typing rules change: every source is checked again. */
export const TYPING_VERSION = 2;

/** One source as the stamps see it. */
export interface StampedSource {
  /** Its AST cache key (`astCacheKey`): a hash of its content. */
  key: string;
  apiVersion: number | null;
  /** Its top-level type; triggers have none. */
  type?: TypeDecl;
}

export interface TypecheckStamps {
  /** True when this source passed the check before, against the same interfaces. */
  passed(source: StampedSource): boolean;
  /** Record that it passed now. */
  record(source: StampedSource): void;
}

/** The stamps of a project's sources, in `<projectDir>/.localorg/cache/`. */
export function typecheckStamps(
  projectDir: string,
  namespace: string | null,
  sources: StampedSource[],
): TypecheckStamps {
  const interfaces = sources
    .flatMap((s) => (s.type ? [JSON.stringify(typeInterface(s.type))] : []))
    .sort();
  const project = createHash('sha256')
    .update(`${TYPING_VERSION}\0${namespace ?? ''}\0${interfaces.join('\0')}`)
    .digest('hex');
  const dir = join(projectDir, '.localorg', 'cache');
  const path = (s: StampedSource) =>
    join(
      dir,
      `typecheck-${createHash('sha256').update(`${project}\0${s.key}\0${s.apiVersion}`).digest('hex')}.ok`,
    );
  return {
    passed: (s) => existsSync(path(s)),
    record: (s) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path(s), '');
    },
  };
}

const mods = (m: Modifiers) => [m.keywords, m.annotations.map((a) => [a.name, a.params])];

/** What other sources' bodies see of a type: its declarations, without bodies or positions. */
export function typeInterface(decl: TypeDecl): unknown {
  switch (decl.kind) {
    case 'enum':
      return ['enum', decl.name, mods(decl.mods), decl.values];
    case 'interface':
      return [
        'interface',
        decl.name,
        mods(decl.mods),
        decl.exts,
        decl.methods.map(memberInterface),
      ];
    case 'class':
      return [
        'class',
        decl.name,
        mods(decl.mods),
        decl.ext,
        decl.impls,
        decl.members.map(memberInterface),
      ];
  }
}

function memberInterface(m: Member): unknown {
  switch (m.kind) {
    case 'field':
      return ['field', mods(m.mods), m.type, m.decls.map((d) => d.name)];
    case 'method':
      return ['method', mods(m.mods), m.ret, m.name, m.params, m.body === null];
    case 'ctor':
      return ['ctor', mods(m.mods), m.params];
    case 'prop':
      return [
        'prop',
        mods(m.mods),
        m.type,
        m.name,
        m.getter && [mods(m.getter.mods), m.getter.body === null],
        m.setter && [mods(m.setter.mods), m.setter.body === null],
      ];
    case 'init':
      return null;
    default:
      return typeInterface(m);
  }
}
