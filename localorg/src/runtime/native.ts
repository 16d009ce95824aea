/**
 * How the Apex standard library is plugged into the interpreter.
 *
 * A native class is a plain object of TypeScript functions. The interpreter looks a class
 * up by its (case-insensitive) name, calls `statics[name]` for `Math.max(a, b)`, `methods[name]`
 * for `'abc'.toUpperCase()` or `req.getBody()` (with the receiver as `self`) and `construct`
 * for `new HttpRequest()`. Overloads are resolved by the native function itself from the
 * arguments it receives (count and runtime types), as the platform's own overloads differ
 * by those. Method names in the records are lower case.
 */
import type { ApexObject, TypeRef, Value } from './values';

/** What a native function may ask of the interpreter and the platform. */
export interface Runtime {
  /** `String.valueOf(v)` semantics; calls a user class's `toString()`. */
  toApexString(v: Value): string;
  /** Apex `==` (strings case-insensitive, SObjects and collections by value, user `equals`). */
  equals(a: Value, b: Value): boolean;
  /** The key under which `v` is stored in a Set or Map (user `hashCode`/`equals` honoured). */
  hashKey(v: Value): unknown;
  /** Compare for `List.sort()`: Comparable `compareTo`, or the platform's order for primitives. */
  compare(a: Value, b: Value): number;
  /** Call an instance method of a user class (e.g. `compare` of a Comparator). */
  invokeMethod(target: ApexObject, method: string, args: Value[]): Value;
  /** Describe an Apex type for typed JSON deserialisation and `Type.forName`. */
  resolveType(t: TypeRef | string): ApexTypeInfo | null;
  /** Create an instance of a user class with its no-argument constructor. */
  newInstance(t: ApexTypeInfo): Value;
  /** Read and write an instance field of a user class (by case-insensitive name). */
  getField(target: ApexObject, name: string): Value;
  setField(target: ApexObject, name: string, v: Value): void;
  /** Coerce a value to a declared type, raising `System.TypeException` where Apex would. */
  coerce(v: Value, to: TypeRef): Value;
  /** Platform services (database, schema, async, callouts ...). */
  readonly platform: unknown;
  /** The running user: Id, name, time zone (IANA name, `GMT` by default), locale. */
  readonly user: RunningUser;
  /** The current time in ms since the epoch (controllable in tests). */
  now(): number;
  /**
   * Evaluate an Apex bind expression (`ids`, `acc.Id`) in the calling scope: dynamic SOQL
   * (`Database.query`, `Database.countQuery`, `Database.getQueryLocator`) binds through it.
   */
  resolveBind?(expression: string): Value;
  /**
   * Optional: the sharing mode and default access mode of the code running now (the class
   * keywords and API versions on the stack). Without it, operations run without sharing in
   * system mode unless they ask for user mode.
   */
  accessContext?(): { withSharing: boolean; userModeDefault: boolean };
  /** `System.debug` output. */
  debug(level: string, message: string): void;
  /**
   * Optional (used by JSON): the constant of a user enum by name, or null when the enum has
   * no such constant. Without it, deserialising into an enum raises NotSupportedError.
   */
  enumValue?(type: ApexTypeInfo, name: string): Value;
  /**
   * Optional (used by JSON): the canonical spelling and Apex type of an SObject field or
   * relationship (`name` → `Name`/`String`, `contacts` → `Contacts`/`List<Contact>`,
   * `account` → `Account`/`Account`), or null when the object has no such field.
   * Without it, JSON writes SObject field keys as stored and reads values untyped.
   */
  sobjectField?(
    sobjectType: string,
    field: string,
  ): { readonly name: string; readonly type: TypeRef } | null;
  /**
   * Optional (used by the Formula API): an instance field or property of a user class by
   * case-insensitive name, or null when the class has none.
   */
  instanceMember?(className: string, name: string): InstanceMemberInfo | null;
}

/** What `Runtime.instanceMember` tells about a field or property of a user class. */
export interface InstanceMemberInfo {
  readonly name: string;
  readonly type: TypeRef;
  /** The member is declared `global`. */
  readonly isGlobal: boolean;
}

export interface RunningUser {
  id: string;
  userName: string;
  name: string;
  email: string;
  profileId: string;
  timeZone: string;
  locale: string;
  language: string;
  orgId: string;
}

/** What `resolveType` tells about a type. */
export interface ApexTypeInfo {
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'enum' | 'primitive' | 'collection' | 'sobject' | 'native';
  readonly ref: TypeRef;
  /** Instance fields (user classes) with their declared types, in declaration order. */
  readonly fields?: readonly {
    name: string;
    type: TypeRef;
    isTransient?: boolean;
  }[];
  /** Enum constants. */
  readonly enumValues?: readonly string[];
  /** User classes: declared `global`. */
  readonly isGlobal?: boolean;
  /** How JSON reads and writes a native type that the platform serialises (SaveResult …). */
  readonly json?: NativeJson;
}

/**
 * The JSON form of a native type: its properties in the order `JSON.serialize` writes them,
 * with the types `JSON.deserialize` reads them as.
 */
export interface NativeJson {
  readonly fields: readonly { readonly name: string; readonly type: TypeRef }[];
  /** The values of `fields`, in order. */
  write(rt: Runtime, self: Value): Value[];
  /** An instance from the fields present in the JSON (keyed by their lower-case names). */
  read(rt: Runtime, values: ReadonlyMap<string, Value>): Value;
}

export type NativeFn = (rt: Runtime, args: Value[], self: Value) => Value;

export interface NativeClass {
  /** Apex name, e.g. `String`, `Math`, `HttpRequest`, `JSONGenerator`. */
  readonly name: string;
  /** Namespace: `System` unless said otherwise (`Schema`, `Database`, `Messaging` ...). */
  readonly namespace?: string;
  readonly statics?: Readonly<Record<string, NativeFn>>;
  /** Static properties and constants, e.g. `Integer.MAX_VALUE` is not one, `Math.PI` is. */
  readonly staticProps?: Readonly<Record<string, (rt: Runtime) => Value>>;
  /** Writable static properties: `RestContext.request = req` (lower-case names). */
  readonly staticSetters?: Readonly<Record<string, (rt: Runtime, v: Value) => void>>;
  readonly construct?: (rt: Runtime, args: Value[]) => Value;
  readonly methods?: Readonly<Record<string, NativeFn>>;
  /**
   * Instance properties read and written with dot syntax (`md.fullName = 'T.R'`,
   * `EventBus.TriggerContext.currentContext().retries`). Names are lower case; a property
   * without `set` is read-only.
   */
  readonly props?: Readonly<Record<string, NativeProp>>;
  /** Set when `JSON.serialize` / `JSON.deserialize` accept the type. */
  readonly json?: NativeJson;
}

export interface NativeProp {
  get(rt: Runtime, self: Value): Value;
  set?(rt: Runtime, self: Value, v: Value): void;
}
