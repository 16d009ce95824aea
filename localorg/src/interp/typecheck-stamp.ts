/**
 * Load-time type checking compiles every method body, which costs more than loading cached
 * ASTs. As an incremental compiler keeps build info, a source that passed the check is not
 * checked again while nothing it can see has changed: a stamp per source, all kept in
 * `<project>/.localorg/cache/typecheck.json` (read once at load, written once after the check),
 * named by its content (its AST cache key), its API version, the names of the project's types
 * and the version of the typing rules, lists the interfaces
 * (declarations without bodies or positions, hashed) of the types the source depends on: the
 * types it names and, through their interfaces, the types those name (a method's return type,
 * a superclass). Editing a method body re-checks that one source; changing a declaration
 * re-checks the sources that depend on it; adding or removing a type re-checks them all.
 * Bodies of stamped sources compile on first call, as they did before the check existed, and
 * a typing error they hold (possible only when object metadata changed since, or through a
 * dependency no name reveals) is reported when the method runs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Member, Modifiers, TypeDecl } from '../ast/nodes';

/** Bump when the typing rules change: every source is checked again. */
export const TYPING_VERSION = 2;

/** One source as the stamps see it. */
export interface StampedSource {
  /** Its AST cache key (`astCacheKey`): a hash of its content. */
  key: string;
  source: string;
  apiVersion: number | null;
  /** Its top-level type; triggers have none. */
  type?: TypeDecl;
}

export interface TypecheckStamps {
  /** True when this source passed the check before, against the same interfaces. */
  passed(source: StampedSource): boolean;
  /** Record that it passed now. */
  record(source: StampedSource): void;
  /** Write what was recorded (one file for the project). */
  save(): void;
}

interface TypeEntry {
  /** The hash of its interface. */
  hash: string;
  /** The project's types its interface names. */
  names: Set<string>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The project's types (lower-case names) that a text names. */
function namedTypes(text: string, types: Map<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const word of new Set(text.split(/[^A-Za-z0-9_]+/))) {
    const l = word.toLowerCase();
    if (types.has(l)) out.add(l);
  }
  return out;
}

/** The file holding every stamp of a project: one read at load, one write after the check. */
export const STAMPS_FILE = 'typecheck.json';

/** Stamp id → the `name hash` lines of the interfaces it depends on. */
type StampFile = Record<string, string>;

function readStamps(path: string): StampFile {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as StampFile) : {};
  } catch {
    // No file yet, or a damaged one: every source is checked again.
    return {};
  }
}

/** The stamps of a project's sources, in `<projectDir>/.localorg/cache/typecheck.json`. */
export function typecheckStamps(
  projectDir: string,
  namespace: string | null,
  sources: StampedSource[],
): TypecheckStamps {
  const texts = new Map<string, string>();
  for (const s of sources)
    if (s.type) texts.set(s.type.name.toLowerCase(), JSON.stringify(typeInterface(s.type)));
  const types = new Map<string, TypeEntry>();
  for (const [name, text] of texts) types.set(name, { hash: sha256(text), names: new Set() });
  const project = sha256(`${TYPING_VERSION}\0${namespace ?? ''}\0${[...types.keys()].sort()}`);
  const dir = join(projectDir, '.localorg', 'cache');
  const file = join(dir, STAMPS_FILE);
  const id = (s: StampedSource) => sha256(`${project}\0${s.key}\0${s.apiVersion}`);
  /** `name hash` lines: the interfaces `s` depends on, as they are now. */
  const dependencies = (s: StampedSource): string => {
    const seen = namedTypes(s.source, types);
    for (const name of seen) {
      const t = types.get(name) as TypeEntry;
      if (!t.names.size) for (const n of namedTypes(texts.get(name) ?? '', types)) t.names.add(n);
      for (const n of t.names) seen.add(n);
    }
    return [...seen]
      .sort()
      .map((n) => `${n} ${types.get(n)?.hash}\n`)
      .join('');
  };
  let stored: StampFile | null = null;
  const recorded: StampFile = {};
  return {
    passed: (s) => {
      stored ??= readStamps(file);
      const stamp = stored[id(s)];
      return (
        stamp !== undefined &&
        stamp.split('\n').every((line) => {
          if (!line) return true;
          const [name, hash] = line.split(' ');
          return types.get(name)?.hash === hash;
        })
      );
    },
    record: (s) => {
      recorded[id(s)] = dependencies(s);
    },
    save: () => {
      if (!Object.keys(recorded).length) return;
      // The stamps of today's sources, merged with what another process may have saved since;
      // stamps of sources that no longer exist are dropped.
      const current = new Set(sources.map(id));
      const merged: StampFile = {};
      for (const [key, deps] of Object.entries({ ...readStamps(file), ...recorded }))
        if (current.has(key)) merged[key] = deps;
      mkdirSync(dir, { recursive: true });
      // Write then rename, so a concurrent reader never sees a half-written file.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(merged));
      renameSync(tmp, file);
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
