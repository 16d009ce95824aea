/**
 * Line coverage as the platform counts it: a line counts when it holds an executable
 * statement, a field initialiser or an automatic property accessor; declarations without
 * initialisers, braces, comments, class/method headers, enums, interfaces, abstract methods and
 * `System.debug` statements do not. The interpreter marks `SourceUnit.hits[line]` when a statement
 * starting on that line runs; this module lists the executable lines from the AST.
 */
import type { Block, ClassDecl, CompilationUnit, Expr, Stmt, TypeDecl } from '../ast/nodes';
import type { SourceUnit } from '../interp/model';

export interface CoverageRow {
  name: string;
  kind: 'class' | 'trigger';
  file: string;
  covered: number;
  total: number;
  /** Executable lines never run. */
  uncovered: number[];
}

function stmtLines(s: Stmt | null, out: Set<number>): void {
  if (!s) return;
  switch (s.k) {
    case 'block':
      for (const x of s.stmts) stmtLines(x, out);
      return;
    case 'empty':
      return;
    case 'local':
      if (s.decls.some((d) => d.init)) out.add(s.line);
      return;
    case 'try':
      stmtLines(s.body, out);
      for (const c of s.catches) stmtLines(c.body, out);
      stmtLines(s.fin, out);
      return;
    case 'if':
      out.add(s.line);
      stmtLines(s.then, out);
      stmtLines(s.else, out);
      return;
    case 'for':
    case 'foreach':
    case 'while':
      out.add(s.line);
      stmtLines(s.body, out);
      return;
    case 'do':
      out.add(s.line);
      stmtLines(s.body, out);
      return;
    case 'switch':
      out.add(s.line);
      for (const w of s.whens) stmtLines(w.body, out);
      return;
    case 'runas':
      out.add(s.line);
      stmtLines(s.body, out);
      return;
    case 'expr':
      // Debug statements never count for coverage.
      if (!isSystemDebug(s.expr)) out.add(s.line);
      return;
    default:
      out.add(s.line);
  }
}

function isSystemDebug(e: Expr): boolean {
  return (
    e.k === 'call' &&
    e.name.toLowerCase() === 'debug' &&
    e.target?.k === 'name' &&
    e.target.name.toLowerCase() === 'system'
  );
}

function blockLines(b: Block | null, out: Set<number>): void {
  if (b) stmtLines(b, out);
}

function typeLines(t: TypeDecl, out: Set<number>): void {
  if (t.kind !== 'class') return;
  const c = t as ClassDecl;
  for (const m of c.members) {
    switch (m.kind) {
      case 'field':
        for (const d of m.decls) if (d.init) out.add(d.line);
        break;
      case 'method':
      case 'ctor':
        blockLines(m.body, out);
        break;
      case 'prop':
        // An automatic accessor (`{ get; set; }`) counts on the property's line.
        if ((m.getter && !m.getter.body) || (m.setter && !m.setter.body)) out.add(m.line);
        blockLines(m.getter?.body ?? null, out);
        blockLines(m.setter?.body ?? null, out);
        break;
      case 'init':
        blockLines(m.body, out);
        break;
      default:
        typeLines(m, out);
    }
  }
}

/** The executable lines of a unit, ascending. */
export function executableLines(ast: CompilationUnit): number[] {
  const out = new Set<number>();
  if (ast.type) typeLines(ast.type, out);
  if (ast.trigger) blockLines(ast.trigger.body, out);
  if (ast.anonymous) blockLines(ast.anonymous.body, out);
  return [...out].sort((a, b) => a - b);
}

/** Coverage of every non-test class and trigger, sorted by name. */
export function coverageOf(units: SourceUnit[]): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const u of units) {
    if (u.isTest || u.kind === 'anonymous') continue;
    const lines = executableLines(u.ast);
    // Interfaces, enums and declaration-only classes have nothing to cover.
    if (!lines.length) continue;
    const uncovered = lines.filter((l) => !u.hits[l]);
    rows.push({
      name: u.name,
      kind: u.kind,
      file: u.file,
      covered: lines.length - uncovered.length,
      total: lines.length,
      uncovered,
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

export function percent(row: CoverageRow): number {
  return row.total === 0 ? 100 : (row.covered / row.total) * 100;
}
