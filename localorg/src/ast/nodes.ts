/**
 * localorg's own compact Apex AST: plain JSON-serialisable objects (so they can be cached on
 * disk). Every statement and expression carries its 1-based `line` and `col`.
 */
import type { TypeRef } from '../runtime/values';

/** Bump when the shape of the AST changes: invalidates the on-disk cache. */
export const AST_VERSION = 6;

export interface Pos {
  line: number;
  col: number;
}

export interface Annotation {
  /** Lower-case name without `@`: `istest`, `testsetup`, `testvisible`, `future` … */
  name: string;
  /** Element-value pairs, lower-case keys, source text values (`seeAllData` → `true`). */
  params: Record<string, string>;
}

export interface Modifiers {
  /** Lower-case keywords: `public`, `static`, `virtual`, `override`, `testmethod`, `with sharing` … */
  keywords: string[];
  annotations: Annotation[];
}

export interface Param {
  name: string;
  type: TypeRef;
}

export interface ClassDecl extends Pos {
  kind: 'class';
  name: string;
  mods: Modifiers;
  ext: TypeRef | null;
  impls: TypeRef[];
  members: Member[];
  /** Last line of the declaration (closing brace). */
  endLine: number;
}

export interface InterfaceDecl extends Pos {
  kind: 'interface';
  name: string;
  mods: Modifiers;
  exts: TypeRef[];
  methods: MethodDecl[];
  endLine: number;
}

export interface EnumDecl extends Pos {
  kind: 'enum';
  name: string;
  mods: Modifiers;
  values: string[];
  endLine: number;
}

export type TypeDecl = ClassDecl | InterfaceDecl | EnumDecl;

export interface FieldDecl extends Pos {
  kind: 'field';
  mods: Modifiers;
  type: TypeRef;
  decls: VarDeclarator[];
}

export interface VarDeclarator extends Pos {
  name: string;
  init: Expr | null;
}

export interface MethodDecl extends Pos {
  kind: 'method';
  mods: Modifiers;
  /** `null` for void. */
  ret: TypeRef | null;
  name: string;
  params: Param[];
  body: Block | null;
}

export interface CtorDecl extends Pos {
  kind: 'ctor';
  mods: Modifiers;
  params: Param[];
  body: Block;
}

export interface Accessor extends Pos {
  mods: Modifiers;
  body: Block | null;
}

export interface PropDecl extends Pos {
  kind: 'prop';
  mods: Modifiers;
  type: TypeRef;
  name: string;
  getter: Accessor | null;
  setter: Accessor | null;
}

export interface InitBlock extends Pos {
  kind: 'init';
  isStatic: boolean;
  body: Block;
}

export type Member = FieldDecl | MethodDecl | CtorDecl | PropDecl | InitBlock | TypeDecl;

export interface TriggerDecl extends Pos {
  kind: 'trigger';
  name: string;
  object: string;
  /** `BEFORE_INSERT`, `AFTER_UPDATE` … */
  events: string[];
  /** Members declared in the trigger body (rare) are not supported; statements only. */
  body: Block;
  endLine: number;
}

/** A parsed source unit: a class file, a trigger or an anonymous block. */
export interface CompilationUnit {
  version: number;
  type?: TypeDecl;
  trigger?: TriggerDecl;
  /** Anonymous Apex: members (methods, classes) and statements. */
  anonymous?: { members: Member[]; body: Block };
}

// ---------------------------------------------------------------- statements

export interface Block extends Pos {
  k: 'block';
  stmts: Stmt[];
  endLine: number;
}

export interface LocalStmt extends Pos {
  k: 'local';
  type: TypeRef;
  decls: VarDeclarator[];
}

export interface ExprStmt extends Pos {
  k: 'expr';
  expr: Expr;
}

export interface IfStmt extends Pos {
  k: 'if';
  cond: Expr;
  then: Stmt;
  else: Stmt | null;
}

export interface ForStmt extends Pos {
  k: 'for';
  init: LocalStmt | Expr[] | null;
  cond: Expr | null;
  update: Expr[];
  body: Stmt | null;
}

export interface ForEachStmt extends Pos {
  k: 'foreach';
  type: TypeRef;
  name: string;
  iter: Expr;
  body: Stmt | null;
}

export interface WhileStmt extends Pos {
  k: 'while';
  cond: Expr;
  body: Stmt | null;
}

export interface DoStmt extends Pos {
  k: 'do';
  body: Block;
  cond: Expr;
}

export type WhenLiteral =
  | { k: 'value'; value: Expr }
  /** An identifier: an enum constant. */
  | { k: 'name'; name: string };

export interface WhenClause extends Pos {
  /** `else`, a list of literals, or a type binding `when Account a`. */
  kind: 'else' | 'values' | 'type';
  values: WhenLiteral[];
  type: TypeRef | null;
  name: string | null;
  body: Block;
}

export interface SwitchStmt extends Pos {
  k: 'switch';
  expr: Expr;
  whens: WhenClause[];
}

export interface CatchClause extends Pos {
  type: string;
  name: string;
  body: Block;
}

export interface TryStmt extends Pos {
  k: 'try';
  body: Block;
  catches: CatchClause[];
  fin: Block | null;
}

export interface ReturnStmt extends Pos {
  k: 'return';
  expr: Expr | null;
}

export interface ThrowStmt extends Pos {
  k: 'throw';
  expr: Expr;
}

export interface JumpStmt extends Pos {
  k: 'break' | 'continue';
}

export interface DmlStmt extends Pos {
  k: 'dml';
  op: 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge';
  expr: Expr;
  /** Upsert: the external ID field; merge: the records to merge. */
  extField: string | null;
  other: Expr | null;
  access: 'SYSTEM_MODE' | 'USER_MODE' | null;
}

export interface RunAsStmt extends Pos {
  k: 'runas';
  args: Expr[];
  body: Block;
}

export interface EmptyStmt extends Pos {
  k: 'empty';
}

export type Stmt =
  | Block
  | LocalStmt
  | ExprStmt
  | IfStmt
  | ForStmt
  | ForEachStmt
  | WhileStmt
  | DoStmt
  | SwitchStmt
  | TryStmt
  | ReturnStmt
  | ThrowStmt
  | JumpStmt
  | DmlStmt
  | RunAsStmt
  | EmptyStmt;

// ---------------------------------------------------------------- expressions

export interface LitExpr extends Pos {
  k: 'lit';
  /** `int`, `long`, `dec` (Decimal), `double`, `str`, `bool`, `null`. */
  t: 'int' | 'long' | 'dec' | 'double' | 'str' | 'bool' | 'null';
  /** Normalised literal text: digits for numbers, the unescaped string, `true`/`false`. */
  v: string;
}

export interface NameExpr extends Pos {
  k: 'name';
  name: string;
}

export interface ThisExpr extends Pos {
  k: 'this' | 'super';
}

export interface FieldExpr extends Pos {
  k: 'field';
  target: Expr;
  name: string;
  safe: boolean;
}

export interface CallExpr extends Pos {
  k: 'call';
  /** `null` for an unqualified call `foo(x)`. */
  target: Expr | null;
  name: string;
  args: Expr[];
  safe: boolean;
}

/** `this(...)` / `super(...)` constructor chaining. */
export interface CtorCallExpr extends Pos {
  k: 'ctorcall';
  which: 'this' | 'super';
  args: Expr[];
}

export interface IndexExpr extends Pos {
  k: 'index';
  target: Expr;
  index: Expr;
}

export interface NewExpr extends Pos {
  k: 'new';
  type: TypeRef;
  args: Expr[];
}

/** `new String[5]`, `new String[]{'a'}`, `new List<String>{'a'}`, `new Set<X>{…}`. */
export interface NewCollectionExpr extends Pos {
  k: 'newcoll';
  /** The collection type (`List<String>` for arrays). */
  type: TypeRef;
  size: Expr | null;
  items: Expr[];
}

export interface NewMapExpr extends Pos {
  k: 'newmap';
  type: TypeRef;
  pairs: [Expr, Expr][];
}

export interface CastExpr extends Pos {
  k: 'cast';
  type: TypeRef;
  expr: Expr;
}

export interface UnaryExpr extends Pos {
  k: 'unary';
  op: '+' | '-' | '!' | '~';
  expr: Expr;
}

export interface IncExpr extends Pos {
  k: 'inc';
  op: '++' | '--';
  prefix: boolean;
  target: Expr;
}

export interface BinaryExpr extends Pos {
  k: 'bin';
  op: string;
  left: Expr;
  right: Expr;
}

export interface InstanceOfExpr extends Pos {
  k: 'instanceof';
  expr: Expr;
  type: TypeRef;
}

export interface CondExpr extends Pos {
  k: 'cond';
  cond: Expr;
  a: Expr;
  b: Expr;
}

export interface AssignExpr extends Pos {
  k: 'assign';
  /** `=`, `+=`, `-=`, `*=`, `/=`, `&=`, `|=`, `^=`, `<<=`, `>>=`, `>>>=`. */
  op: string;
  target: Expr;
  value: Expr;
}

export interface TypeLitExpr extends Pos {
  k: 'typelit';
  type: TypeRef | null;
}

export interface SoqlExpr extends Pos {
  k: 'soql';
  /** The query text between the brackets. */
  text: string;
  /** Bind expressions: `text` is the source after `:` with whitespace removed. */
  binds: { text: string; expr: Expr }[];
}

export interface SoslExpr extends Pos {
  k: 'sosl';
  /** The search between the brackets, brackets included. */
  text: string;
  /** Bind expressions, as in `SoqlExpr`. */
  binds: { text: string; expr: Expr }[];
}

export type Expr =
  | LitExpr
  | NameExpr
  | ThisExpr
  | FieldExpr
  | CallExpr
  | CtorCallExpr
  | IndexExpr
  | NewExpr
  | NewCollectionExpr
  | NewMapExpr
  | CastExpr
  | UnaryExpr
  | IncExpr
  | BinaryExpr
  | InstanceOfExpr
  | CondExpr
  | AssignExpr
  | TypeLitExpr
  | SoqlExpr
  | SoslExpr;
