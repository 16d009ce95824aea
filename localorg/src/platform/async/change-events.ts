/**
 * `EventBus.ChangeEventHeader` (Apex Reference Guide, "ChangeEventHeader Class"): the header of
 * a Change Data Capture event, built empty with `new EventBus.ChangeEventHeader()` and read and
 * written through its properties. The change event types (`AccountChangeEvent`) are
 * `platform/data/change-events.ts`; their delivery is not modelled yet.
 */
import type { NativeClass, NativeProp } from '../../runtime/native';
import { NativeObject, type Value } from '../../runtime/values';

/** The header's properties, in the reference's order. */
export const CHANGE_EVENT_HEADER_FIELDS = [
  'entityName',
  'recordIds',
  'changeType',
  'changeOrigin',
  'transactionKey',
  'sequenceNumber',
  'commitTimestamp',
  'commitUser',
  'commitNumber',
  'nulledFields',
  'diffFields',
  'changedFields',
] as const;

type HeaderState = Record<string, Value>;

const stateOf = (self: Value) => (self as NativeObject<HeaderState>).state;

const props: Record<string, NativeProp> = {};
for (const name of CHANGE_EVENT_HEADER_FIELDS) {
  props[name.toLowerCase()] = {
    get: (_rt, self) => stateOf(self)[name] ?? null,
    set: (_rt, self, v) => {
      stateOf(self)[name] = v;
    },
  };
}

export const changeEventClasses: NativeClass[] = [
  {
    name: 'ChangeEventHeader',
    namespace: 'EventBus',
    construct: () => new NativeObject<HeaderState>('EventBus.ChangeEventHeader', {}),
    props,
  },
];
