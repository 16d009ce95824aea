/**
 * The interpreter's run-time model: classes, methods, instances, frames and thrown exceptions.
 */
import type {
  ClassDecl,
  CompilationUnit,
  EnumDecl,
  InterfaceDecl,
  MethodDecl,
  CtorDecl,
  PropDecl,
  TriggerDecl,
} from '../ast/nodes';
import type { ApexObject, TypeRef, Value } from '../runtime/values';

/** A compiled statement: returns a completion code (see `C_*`). */
export type StmtFn = (f: Frame) => number;
export type ExprFn = (f: Frame) => Value;

export const C_NORMAL = 0;
export const C_BREAK = 1;
export const C_CONTINUE = 2;
export const C_RETURN = 3;

/** One source file's coverage: executed lines are set to 1. */
export interface SourceUnit {
  /** `Class.Foo`-style label root: the class or trigger name. */
  name: string;
  kind: 'class' | 'trigger' | 'anonymous';
  file: string;
  hits: Uint8Array;
  isTest: boolean;
  ast: CompilationUnit;
  /** The file's API version (`-meta.xml`); versioned rules read it. Null when unknown. */
  apiVersion: number | null;
}

export interface FieldInfo {
  name: string;
  lname: string;
  type: TypeRef;
  isStatic: boolean;
  slot: number;
  owner: ClassInfo;
  transient: boolean;
}

export interface PropInfo {
  name: string;
  lname: string;
  type: TypeRef;
  isStatic: boolean;
  /** Backing slot (instance field slot or static slot). */
  slot: number;
  getter: MethodInfo | null;
  setter: MethodInfo | null;
  decl: PropDecl;
  owner: ClassInfo;
}

export type MemberInfo = { kind: 'field'; f: FieldInfo } | { kind: 'prop'; p: PropInfo };

export interface MethodInfo {
  name: string;
  lname: string;
  owner: ClassInfo;
  params: { name: string; type: TypeRef }[];
  ret: TypeRef | null;
  isStatic: boolean;
  isAbstract: boolean;
  /** `Class.Foo.bar` label for stack traces. */
  label: string;
  decl: MethodDecl | CtorDecl | null;
  /** Property accessor: the property it belongs to. */
  prop?: PropInfo;
  /** Compiled lazily on first call. */
  body: StmtFn | null;
  nlocals: number;
  /** Native implementation (built-in exception methods, enum methods …). */
  native?: (self: Instance | null, args: Value[]) => Value;
  /** Constructor only: starts with this(...) (then field initialisers are skipped). */
  delegatesToThis?: boolean;
  annotations: string[];
  isTest: boolean;
  /** `@future` methods: enqueued instead of run; `callout` for `@future(callout=true)`. */
  future?: 'plain' | 'callout';
  /** Canonical parameter types, filled on first overload resolution (`typing.ts`). */
  ptypes?: TypeRef[];
}

export type ClassKind = 'class' | 'interface' | 'enum';

export class ClassInfo {
  readonly lname: string;
  superclass: ClassInfo | null = null;
  interfaces: ClassInfo[] = [];
  readonly inner = new Map<string, ClassInfo>();
  /** Own members (fields and properties, static and instance) by lower-case name. */
  readonly members = new Map<string, MemberInfo>();
  /** Own methods by lower-case name. */
  readonly methods = new Map<string, MethodInfo[]>();
  readonly ctors: MethodInfo[] = [];
  /** All instance fields including inherited, in slot order. */
  instanceFields: FieldInfo[] = [];
  nInstanceSlots = 0;
  statics: Value[] = [];
  staticFields: FieldInfo[] = [];
  initialized = false;
  initializing = false;
  linked = false;
  enumValues: Instance[] = [];
  /** Built-in exception types and the root `Exception`. */
  builtin = false;
  isAbstract = false;
  isVirtual = false;
  isTest = false;
  /** Names (lower case, namespace stripped) of platform interfaces it implements: `comparable` … */
  readonly nativeInterfaces = new Set<string>();
  nStatics = 0;
  /** Set when the class depends on something localorg lacks (an unknown superclass). */
  unsupported: string | null = null;
  /** Resolved-member cache (own + inherited) by lower-case name. */
  readonly memberCache = new Map<string, MemberInfo | null>();
  readonly methodCache = new Map<string, MethodInfo[]>();
  /** Compiled instance initialisers (field initialisers and init blocks in order). */
  instanceInit: ((self: Instance) => void) | null = null;
  staticInitDone: (() => void) | null = null;

  constructor(
    /** Canonical name: `Foo`, `Foo.Inner`, `System.NullPointerException`. */
    readonly name: string,
    readonly kind: ClassKind,
    readonly decl: ClassDecl | InterfaceDecl | EnumDecl | null,
    readonly outer: ClassInfo | null,
    readonly unit: SourceUnit | null,
  ) {
    this.lname = name.toLowerCase();
  }

  /** True when this class is `other` or derives from / implements it. */
  isSubtypeOf(other: ClassInfo): boolean {
    if (this === other) return true;
    if (this.superclass?.isSubtypeOf(other)) return true;
    for (const i of this.interfaces) if (i.isSubtypeOf(other)) return true;
    return false;
  }

  implementsNative(lname: string): boolean {
    if (this.nativeInterfaces.has(lname)) return true;
    if (this.superclass?.implementsNative(lname)) return true;
    for (const i of this.interfaces) if (i.implementsNative(lname)) return true;
    return false;
  }

  isException(): boolean {
    return this.lname === 'exception' || (this.superclass?.isException() ?? false);
  }
}

/** State of an exception object. */
export interface ExceptionState {
  message: string | null;
  cause: Instance | null;
  /** Stack trace lines, innermost first. */
  trace: string[];
  line: number;
  column: number;
  catchable: boolean;
  /** The original TypeScript error (`ApexError.data` for DmlException …). */
  data?: unknown;
  /** An AuraHandledException's constructor message: the client sees it, Apex does not. */
  clientMessage?: string;
}

let nextIdentity = 1;

/** An instance of an Apex class, enum constant or exception. */
export class Instance implements ApexObject {
  readonly kind = 'object' as const;
  readonly id = nextIdentity++;
  exc: ExceptionState | null = null;
  /** Enum constants: name and ordinal. */
  enumName: string | null = null;
  ordinal = -1;
  /** `Test.createStub(...)`: the `System.StubProvider` that answers every method call. */
  stub: ApexObject | null = null;
  constructor(
    readonly cls: ClassInfo,
    public f: Value[],
  ) {}
}

/** An activation record. Locals live in `l`, resolved to slots at compile time. */
export class Frame {
  ret: Value = null;
  /** Current statement position: `line * 1024 + column`. */
  pos = 0;
  /** The class whose code runs in this frame (its sharing keyword applies), if any. */
  owner: ClassInfo | null = null;
  constructor(
    readonly l: Value[],
    readonly self: Instance | null,
    /** Trace label: `Class.Foo.bar`, `AnonymousBlock`, `Trigger.AccountTrigger`. */
    readonly label: string,
  ) {}
}

/** A thrown Apex exception travelling through TypeScript. */
export class ApexThrow extends Error {
  constructor(readonly exc: Instance) {
    super(exc.exc?.message ?? '');
    this.name = exc.cls.name;
  }
}

export interface TriggerInfo {
  name: string;
  object: string;
  lobject: string;
  events: Set<string>;
  decl: TriggerDecl;
  unit: SourceUnit;
  body: StmtFn | null;
  nlocals: number;
}

export const POS_SHIFT = 1024;
