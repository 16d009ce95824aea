/**
 * Native Apex enums (`ParentJobResult`, `Metadata.DeployStatus` …). Each constant is one shared
 * `NativeObject` so `==` by identity holds; `name()` and `ordinal()` are provided as methods.
 */
import type { NativeClass } from '../../runtime/native';
import { ApexList, NativeObject, typeRef, type Value } from '../../runtime/values';

export interface EnumState {
  readonly name: string;
  readonly ordinal: number;
}

export class NativeEnum {
  private readonly constants = new Map<string, NativeObject<EnumState>>();

  constructor(
    readonly typeName: string,
    names: readonly string[],
  ) {
    names.forEach((name, ordinal) =>
      this.constants.set(name.toLowerCase(), new NativeObject(typeName, { name, ordinal })),
    );
  }

  get(name: string): NativeObject<EnumState> {
    const c = this.constants.get(name.toLowerCase());
    if (!c) throw new Error(`${this.typeName} has no constant ${name}`);
    return c;
  }

  /** The NativeClass record: `Type.NAME` constants, `values()`, `name()`, `ordinal()`. */
  nativeClass(name: string, namespace?: string): NativeClass {
    const staticProps: Record<string, () => Value> = {};
    for (const [key, c] of this.constants) staticProps[key] = () => c;
    return {
      name,
      namespace,
      staticProps,
      statics: {
        values: () => new ApexList(typeRef(this.typeName), [...this.constants.values()]),
      },
      methods: {
        name: (_rt, _a, self) => (self as NativeObject<EnumState>).state.name,
        ordinal: (_rt, _a, self) => (self as NativeObject<EnumState>).state.ordinal,
        tostring: (_rt, _a, self) => (self as NativeObject<EnumState>).state.name,
      },
    };
  }
}

export const ParentJobResult = new NativeEnum('ParentJobResult', [
  'SUCCESS',
  'UNHANDLED_EXCEPTION',
]);

export const DeployStatus = new NativeEnum('Metadata.DeployStatus', [
  'Pending',
  'InProgress',
  'Succeeded',
  'SucceededPartial',
  'Failed',
  'Canceling',
  'Canceled',
]);
