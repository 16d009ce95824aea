/**
 * The runtime value model of localorg: how every Apex value is represented in TypeScript.
 *
 * This file is the contract between the interpreter (`interp/`), the standard library
 * (`runtime/`) and the platform services (`platform/`). Keep it small and stable.
 *
 * | Apex type            | TypeScript representation                                   |
 * | -------------------- | ----------------------------------------------------------- |
 * | null                 | `null`                                                      |
 * | Boolean              | `boolean`                                                   |
 * | Integer              | `number` (always an int32; arithmetic wraps like Java int)  |
 * | Long                 | `bigint` (wraps at 64 bits)                                 |
 * | Double               | `ApexDouble`                                                |
 * | Decimal              | `Decimal` from decimal.js (scale kept by `ApexDecimal` API) |
 * | String               | `string`                                                    |
 * | Id                   | `string`, always the 18-character form once typed as Id     |
 * | Date / Datetime/Time | `ApexDate` / `ApexDatetime` / `ApexTime`                    |
 * | Blob                 | `ApexBlob`                                                  |
 * | List / Set / Map     | `ApexList` / `ApexSet` / `ApexMap`                          |
 * | SObject              | `SObjectValue`                                              |
 * | instance of a class  | `ApexObject` (owned by the interpreter)                     |
 * | native object        | `NativeObject` (HttpRequest, Pattern, JSONGenerator, ...)   |
 */
import Decimal from 'decimal.js';

/** A reference to an Apex type as written in source, e.g. `Map<String, List<Account>>`. */
export interface TypeRef {
  /** Canonical name as the platform spells it: `String`, `List`, `Account`, `Sync.Options`. */
  readonly name: string;
  /** Type arguments of a generic type; empty otherwise. */
  readonly args: readonly TypeRef[];
}

export function typeRef(name: string, ...args: TypeRef[]): TypeRef {
  return { name, args };
}

export function formatTypeRef(t: TypeRef): string {
  return t.args.length ? `${t.name}<${t.args.map(formatTypeRef).join(', ')}>` : t.name;
}

/**
 * The type a name stands for, as `formatTypeRef` writes it: `Map<String, List<Integer>>`,
 * `String[]` (a `List<String>`), `Sync.Options`; null when the text is not a type name.
 */
export function parseTypeName(text: string): TypeRef | null {
  let i = 0;
  const parse = (): TypeRef | null => {
    const m = /^\s*([\w.]+)\s*/.exec(text.slice(i));
    if (!m) return null;
    i += m[0].length;
    const args: TypeRef[] = [];
    if (text[i] === '<') {
      i++;
      do {
        const arg = parse();
        if (!arg) return null;
        args.push(arg);
        while (text[i] === ' ') i++;
      } while (text[i++] === ',');
      if (text[i - 1] !== '>') return null;
    }
    let ref = typeRef(m[1], ...args);
    while (text.slice(i).trimStart().startsWith('[]')) {
      i = text.indexOf(']', i) + 1;
      ref = typeRef('List', ref);
    }
    return ref;
  };
  const ref = parse();
  return ref && text.slice(i).trim() === '' ? ref : null;
}

/** An Apex Double. Wrapped so that `2.0` (Double) and `2` (Integer) stay distinct. */
export class ApexDouble {
  constructor(readonly value: number) {}
}

/** An Apex Date: a calendar day with no time zone. Month is 1-12. */
export class ApexDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}
}

/** An Apex Datetime: an instant, as milliseconds since the Unix epoch (UTC). */
export class ApexDatetime {
  constructor(readonly epochMs: number) {}
}

/** An Apex Time: milliseconds since midnight (0 .. 86_399_999), no time zone. */
export class ApexTime {
  constructor(readonly msOfDay: number) {}
}

/** An Apex Blob: immutable bytes. */
export class ApexBlob {
  constructor(readonly bytes: Uint8Array) {}
}

/** Apex `List<T>` (and `T[]`). Mutable; `items` is the backing array. */
export class ApexList {
  constructor(
    public elemType: TypeRef,
    public items: Value[],
  ) {}
}

/**
 * Apex `Set<T>`: insertion-ordered. The key of each element is computed by the interpreter's
 * `Runtime.hashKey` (strings are case-sensitive, SObjects and user classes compare by value).
 */
export class ApexSet {
  readonly entries = new Map<unknown, Value>();
  constructor(public elemType: TypeRef) {}
}

/** Apex `Map<K, V>`: insertion-ordered; keys hashed with `Runtime.hashKey`. */
export class ApexMap {
  readonly entries = new Map<unknown, [Value, Value]>();
  constructor(
    public keyType: TypeRef,
    public valueType: TypeRef,
  ) {}
}

/**
 * An SObject record. Field names are keyed in lower case (Apex names are case-insensitive);
 * the schema (`platform/`) knows the canonical spelling. Parent relationships (`Account`,
 * `Parent__r`) hold an `SObjectValue`; child relationships hold an `ApexList` of them.
 */
export class SObjectValue {
  readonly fields = new Map<string, Value>();
  constructor(
    /** Canonical API name of the object, e.g. `Account` or `conduit__Sync_Run__c`. */
    public type: string,
  ) {}
}

/** An instance of an Apex class, interface implementation or exception. Owned by `interp/`. */
export interface ApexObject {
  readonly kind: 'object';
  /** The class of the instance (interpreter-defined). */
  readonly cls: { readonly name: string };
}

/**
 * An instance of a native (TypeScript-implemented) Apex class: `HttpRequest`, `Pattern`,
 * `JSONGenerator`, `Savepoint` ... `typeName` is the Apex type name; `state` is private to the
 * native implementation.
 */
export class NativeObject<S = unknown> {
  readonly kind = 'native';
  constructor(
    readonly typeName: string,
    public state: S,
  ) {}
}

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | ApexDouble
  | Decimal
  | ApexDate
  | ApexDatetime
  | ApexTime
  | ApexBlob
  | ApexList
  | ApexSet
  | ApexMap
  | SObjectValue
  | ApexObject
  | NativeObject;

/**
 * An Apex exception raised from TypeScript (a native method, the platform, the interpreter).
 * The interpreter turns it into an Apex exception object of type `apexType` when Apex code
 * catches it, and reports it with the Apex stack trace when nobody does.
 *
 * `catchable: false` is for `System.LimitException` and the like, which Apex cannot catch.
 */
export class ApexError extends Error {
  constructor(
    /** Fully qualified where the platform qualifies it: `System.NullPointerException`. */
    readonly apexType: string,
    message: string,
    readonly catchable = true,
    /** Extra data for typed exceptions, e.g. the DML rows of a `System.DmlException`. */
    readonly data?: unknown,
  ) {
    super(message);
    this.name = apexType;
  }
}

/** Thrown for Apex features localorg does not implement yet. Never silently approximate. */
export class NotSupportedError extends Error {
  constructor(what: string) {
    super(`not supported in localorg: ${what}`);
    this.name = 'NotSupportedError';
  }
}

/** The name of the runtime type of a value, as `instanceof` and error messages use it. */
export function runtimeTypeName(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'Boolean';
    case 'number':
      return 'Integer';
    case 'bigint':
      return 'Long';
    case 'string':
      return 'String';
  }
  if (v instanceof ApexDouble) return 'Double';
  if (Decimal.isDecimal(v)) return 'Decimal';
  if (v instanceof ApexDate) return 'Date';
  if (v instanceof ApexDatetime) return 'Datetime';
  if (v instanceof ApexTime) return 'Time';
  if (v instanceof ApexBlob) return 'Blob';
  if (v instanceof ApexList) return `List<${formatTypeRef(v.elemType)}>`;
  if (v instanceof ApexSet) return `Set<${formatTypeRef(v.elemType)}>`;
  if (v instanceof ApexMap)
    return `Map<${formatTypeRef(v.keyType)}, ${formatTypeRef(v.valueType)}>`;
  if (v instanceof SObjectValue) return v.type;
  if (v instanceof NativeObject) return v.typeName;
  return (v as ApexObject).cls.name;
}
