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

/** Lower-case simple name of a type with `System.` stripped. */
export function typeKey(t: TypeRef | string): string {
  const n = (typeof t === 'string' ? t : t.name).toLowerCase();
  return n.startsWith('system.') ? n.slice(7) : n;
}

export function isCollectionName(k: string): boolean {
  return k === 'list' || k === 'set' || k === 'map';
}

export const OBJECT_TYPE: TypeRef = { name: 'Object', args: [] };
