/**
 * `System.UUID` (Apex Reference Guide, "UUID Class"): version 4 UUIDs, `randomUUID()`,
 * `fromString()`, `toString()`, `equals()` and `hashCode()`.
 */
import { randomUUID } from 'node:crypto';
import type { NativeClass } from '../native';
import { ApexError, NativeObject, type Value } from '../values';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const textOf = (v: Value) => (v as NativeObject<{ text: string }>).state.text;
const uuid = (text: string) => new NativeObject('System.UUID', { text });

export const uuidClass: NativeClass = {
  name: 'UUID',
  statics: {
    randomuuid: () => uuid(randomUUID()),
    fromstring: (_rt, a) => {
      const text = a[0] === null || a[0] === undefined ? '' : String(a[0]);
      if (!UUID_V4.test(text)) {
        throw new ApexError('System.IllegalArgumentException', `Invalid UUID string: ${text}`);
      }
      return uuid(text.toLowerCase());
    },
  },
  methods: {
    tostring: (_rt, _a, s) => textOf(s),
    equals: (_rt, a, s) =>
      a[0] instanceof NativeObject && a[0].typeName === 'System.UUID' && textOf(a[0]) === textOf(s),
    hashcode: (_rt, _a, s) =>
      [...textOf(s)].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0),
  },
};
