/**
 * Type names: the primitive types, their lower-case keys and helpers on `TypeRef`.
 */
import type { TypeRef } from '../runtime/values';

export const PRIMITIVES: Record<string, string> = {
  integer: 'Integer',
  long: 'Long',
  double: 'Double',
  decimal: 'Decimal',
  string: 'String',
  boolean: 'Boolean',
  id: 'Id',
  date: 'Date',
  datetime: 'Datetime',
  time: 'Time',
  blob: 'Blob',
  object: 'Object',
};

function keyOf(name: string): string {
  const n = name.toLowerCase();
  return n.startsWith('system.') ? n.slice(7) : n;
}

/**
 * A type as `Interpreter.canonicalType` spells it: resolved once, so asking again returns it as
 * it is, and its key is computed once (the typing pass asks for both often).
 */
export class CanonicalType implements TypeRef {
  readonly key: string;
  constructor(
    readonly name: string,
    readonly args: readonly TypeRef[],
  ) {
    this.key = keyOf(name);
  }
}

/** Lower-case simple name of a type with `System.` stripped. */
export function typeKey(t: TypeRef | string): string {
  if (t instanceof CanonicalType) return t.key;
  return keyOf(typeof t === 'string' ? t : t.name);
}

export function isCollectionName(k: string): boolean {
  return k === 'list' || k === 'set' || k === 'map';
}

export const OBJECT_TYPE: TypeRef = { name: 'Object', args: [] };
