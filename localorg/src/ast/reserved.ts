/**
 * The compiler's refusal of reserved words as names. The Apex Developer Guide's "Reserved
 * Keywords" page lists words that "can be used only as keywords"; declaring a class, method,
 * property, field, parameter or variable with one of them fails to compile with
 * `Identifier name is reserved: <name>`. apex-parser accepts many of them, so localorg checks
 * every declared name of a unit after parsing. Uses of platform names (`Date.today()`,
 * `Database.delete(…)`, `String.valueOf(…)`) are references, not declarations, and are not
 * checked; neither is `type`, which the page does not list.
 */
import { ApexSyntaxError, type SyntaxProblem } from '../load/parse';
import type { Block, CompilationUnit, Member, Pos, Stmt } from './nodes';

/** Words the guide lists that code compiled on orgs declares as names. */
const ACCEPTED_BY_THE_COMPILER = new Set(['when', 'set']);

/** The guide's list (API 64.0), lower case: Apex names are case-insensitive. */
export const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set(
  `abstract activate and any array as asc autonomous begin bigdecimal blob boolean break bulk by
  byte case cast catch char class collect commit const continue currency date datetime decimal
  default delete desc do double else end enum exception exit export extends false final finally
  float for from global goto group having hint if implements import in inner insert instanceof
  int integer interface into join like limit list long loop map merge new not null nulls number
  object of on or outer override package parallel pragma private protected public retrieve return
  rollback select set short sobject sort static string super switch synchronized system testmethod
  then this throw time transaction trigger true try undelete update upsert using virtual void
  webservice when where while`
    .split(/\s+/)
    // the page lists `when` and `set`, but the compiler accepts them as names: fflib-apex-mocks,
    // deployed to orgs everywhere, declares `fflib_ApexMocks.when(Object)` and
    // `fflib_MyList.set(Integer, Object)`
    .filter((word) => !ACCEPTED_BY_THE_COMPILER.has(word)),
);

/** Whether `name` is one of the words Apex refuses as a declared name. */
export function isReservedIdentifier(name: string): boolean {
  return RESERVED_IDENTIFIERS.has(name.toLowerCase());
}

/** Throws `ApexSyntaxError` listing every declared name of `unit` that is reserved. */
export function checkReservedIdentifiers(unit: CompilationUnit, file: string): void {
  const problems: SyntaxProblem[] = [];
  const check = (name: string | null, at: Pos) => {
    if (name !== null && isReservedIdentifier(name))
      problems.push({
        file,
        line: at.line,
        column: at.col,
        message: `Identifier name is reserved: ${name}`,
      });
  };
  const visitBlock = (block: Block | null) => block?.stmts.forEach(visitStmt);
  const visitStmt = (s: Stmt | null): void => {
    if (!s) return;
    switch (s.k) {
      case 'block':
        return visitBlock(s);
      case 'local':
        return s.decls.forEach((d) => check(d.name, d));
      case 'if':
        visitStmt(s.then);
        return visitStmt(s.else);
      case 'for':
        if (s.init && !Array.isArray(s.init)) visitStmt(s.init);
        return visitStmt(s.body);
      case 'foreach':
        check(s.name, s);
        return visitStmt(s.body);
      case 'while':
      case 'do':
        return visitStmt(s.body);
      case 'switch':
        return s.whens.forEach((w) => {
          check(w.name, w);
          visitBlock(w.body);
        });
      case 'try':
        visitBlock(s.body);
        s.catches.forEach((c) => {
          check(c.name, c);
          visitBlock(c.body);
        });
        return visitBlock(s.fin);
      case 'runas':
        return visitBlock(s.body);
      default:
        return;
    }
  };
  const visitMember = (m: Member): void => {
    switch (m.kind) {
      case 'class':
        check(m.name, m);
        return m.members.forEach(visitMember);
      case 'interface':
        check(m.name, m);
        return m.methods.forEach(visitMember);
      case 'enum':
        return check(m.name, m);
      case 'field':
        return m.decls.forEach((d) => check(d.name, d));
      case 'prop':
        check(m.name, m);
        visitBlock(m.getter?.body ?? null);
        return visitBlock(m.setter?.body ?? null);
      case 'method':
        check(m.name, m);
        m.params.forEach((p) => check(p.name, m));
        return visitBlock(m.body);
      case 'ctor':
        m.params.forEach((p) => check(p.name, m));
        return visitBlock(m.body);
      case 'init':
        return visitBlock(m.body);
    }
  };
  if (unit.type) visitMember(unit.type);
  if (unit.trigger) {
    check(unit.trigger.name, unit.trigger);
    visitBlock(unit.trigger.body);
  }
  if (unit.anonymous) {
    unit.anonymous.members.forEach(visitMember);
    visitBlock(unit.anonymous.body);
  }
  if (problems.length) throw new ApexSyntaxError(problems);
}
