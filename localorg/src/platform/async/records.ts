/**
 * Native classes that are plain bags of public properties (`Metadata.CustomMetadata`,
 * `Metadata.DeployResult` …): state is a map of lower-cased property names.
 */
import type { NativeClass, NativeProp } from '../../runtime/native';
import { NativeObject, type Value } from '../../runtime/values';

export type PropBag = Map<string, Value>;

export function propBag(typeName: string, init: Record<string, Value>): NativeObject<PropBag> {
  const bag: PropBag = new Map();
  for (const [k, v] of Object.entries(init)) bag.set(k.toLowerCase(), v);
  return new NativeObject<PropBag>(typeName, bag);
}

export function bagOf(v: Value, typeName: string): PropBag {
  if (!(v instanceof NativeObject) || v.typeName !== typeName) {
    throw new Error(`expected a ${typeName}`);
  }
  return v.state as PropBag;
}

/**
 * A class whose instances are property bags. `defaults` makes the initial values (a fresh list
 * per instance where the platform starts with one); `readOnly` properties cannot be assigned.
 */
export function propBagClass(
  name: string,
  namespace: string | undefined,
  defaults: () => Record<string, Value>,
  options: { constructible?: boolean; readOnly?: boolean } = {},
): NativeClass {
  const typeName = namespace ? `${namespace}.${name}` : name;
  const props: Record<string, NativeProp> = {};
  for (const key of Object.keys(defaults())) {
    const k = key.toLowerCase();
    props[k] = {
      get: (_rt, self) => bagOf(self, typeName).get(k) ?? null,
      ...(options.readOnly
        ? {}
        : { set: (_rt: unknown, self: Value, v: Value) => void bagOf(self, typeName).set(k, v) }),
    };
  }
  return {
    name,
    namespace,
    props,
    ...(options.constructible === false ? {} : { construct: () => propBag(typeName, defaults()) }),
  };
}
