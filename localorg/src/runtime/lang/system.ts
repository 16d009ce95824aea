/**
 * Language-level native classes: `System` (debug, asserts, time), `Assert`, `Test`, `Limits`,
 * `UserInfo`, `TimeZone` (minimal), `Type` and the `Trigger` context variables.
 */
import {
  ApexDate,
  ApexDatetime,
  ApexError,
  ApexList,
  ApexMap,
  NativeObject,
  typeRef,
  type TypeRef,
  type Value,
} from '../values';
import type { NativeClass, NativeFn, Runtime } from '../native';
import type { GovernorLimits, LimitName } from '../../platform/limits';
import type { TriggerInvocation } from '../../platform/services';

/** What the language natives need from the interpreter beyond `Runtime`. */
export interface LangHost extends Runtime {
  readonly limits: GovernorLimits;
  readonly isTest: boolean;
  cpuTimeMs(): number;
  startTest(): void;
  stopTest(): void;
  typeObject(t: TypeRef): NativeObject;
  isInstance(v: Value, type: TypeRef, ctx: null): boolean;
  currentTrigger(): TriggerInvocation | null;
  enumConstant(enumName: string, name: string): Value;
  /** `Test.createStub(type, stubProvider)`. */
  createStub(type: Value, provider: Value): Value;
  /** `to.isAssignableFrom(from)`: a value of type `from` may be assigned to `to`. */
  isAssignable(from: TypeRef, to: TypeRef): boolean;
}

type TypeState = { name: string; ref: TypeRef };

function assertionError(detail: string | null, msg: Value, rt: Runtime): ApexError {
  const parts = ['Assertion Failed'];
  const m = msg === null || msg === undefined ? null : rt.toApexString(msg);
  const tail = [m, detail].filter((x) => x !== null && x !== '').join(': ');
  return new ApexError('System.AssertException', tail ? `${parts[0]}: ${tail}` : parts[0], false);
}

/** Today's date in a time zone (IANA name). */
export function dateInZone(epochMs: number, timeZone: string): ApexDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone === 'GMT' ? 'UTC' : timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  return new ApexDate(get('year'), get('month'), get('day'));
}

const LIMIT_METHODS: Record<string, LimitName> = {
  queries: 'queries',
  queryrows: 'queryRows',
  dmlstatements: 'dmlStatements',
  dmlrows: 'dmlRows',
  cputime: 'cpuTime',
  heapsize: 'heapSize',
  callouts: 'callouts',
  queueablejobs: 'queueableJobs',
  futurecalls: 'futureCalls',
  emailinvocations: 'emailInvocations',
  publishimmediatedml: 'publishImmediateDml',
  querylocatorrows: 'queryLocatorRows',
  soslqueries: 'soslQueries',
};

function limitsClass(host: LangHost): NativeClass {
  const statics: Record<string, NativeFn> = {};
  for (const [k, name] of Object.entries(LIMIT_METHODS)) {
    statics[`get${k}`] = () => (name === 'cpuTime' ? host.cpuTimeMs() : host.limits.get(name));
    statics[`getlimit${k}`] = () => host.limits.limit(name);
  }
  return { name: 'Limits', statics };
}

function systemClass(): NativeClass {
  return {
    name: 'System',
    statics: {
      debug: (rt, args) => {
        if (args.length >= 2) {
          rt.debug(rt.toApexString(args[0]), rt.toApexString(args[1]));
        } else rt.debug('DEBUG', rt.toApexString(args[0] ?? null));
        return null;
      },
      assert: (rt, args) => {
        if (args[0] !== true) throw assertionError(null, args[1] ?? null, rt);
        return null;
      },
      assertequals: (rt, args) => {
        if (!rt.equals(args[0], args[1]))
          throw assertionError(
            `Expected: ${rt.toApexString(args[0])}, Actual: ${rt.toApexString(args[1])}`,
            args[2] ?? null,
            rt,
          );
        return null;
      },
      assertnotequals: (rt, args) => {
        if (rt.equals(args[0], args[1]))
          throw assertionError(`Same value: ${rt.toApexString(args[0])}`, args[2] ?? null, rt);
        return null;
      },
      now: (rt) => new ApexDatetime(rt.now()),
      today: (rt) => dateInZone(rt.now(), rt.user.timeZone),
      currenttimemillis: (rt) => BigInt(rt.now()),
      isbatch: () => false,
      isfuture: () => false,
      isqueueable: () => false,
      isscheduled: () => false,
      equals: (rt, args) => rt.equals(args[0], args[1]),
      hashcode: (rt, args) => {
        const k = rt.hashKey(args[0]);
        return typeof k === 'number' ? k : 0;
      },
    },
  };
}

function assertClass(host: LangHost): NativeClass {
  const fail = (rt: Runtime, detail: string | null, msg: Value | undefined): never => {
    throw assertionError(detail, msg ?? null, rt);
  };
  const typeOf = (t: Value): TypeRef => {
    if (!(t instanceof NativeObject) || t.typeName !== 'System.Type')
      throw new ApexError('System.NullPointerException', 'Argument cannot be null');
    return (t.state as TypeState).ref;
  };
  return {
    name: 'Assert',
    statics: {
      areequal: (rt, a) => {
        if (!rt.equals(a[0], a[1]))
          fail(rt, `Expected: ${rt.toApexString(a[0])}, Actual: ${rt.toApexString(a[1])}`, a[2]);
        return null;
      },
      arenotequal: (rt, a) => {
        if (rt.equals(a[0], a[1])) fail(rt, `Same value: ${rt.toApexString(a[0])}`, a[2]);
        return null;
      },
      istrue: (rt, a) => {
        if (a[0] !== true) fail(rt, `Expected: true, Actual: ${rt.toApexString(a[0])}`, a[1]);
        return null;
      },
      isfalse: (rt, a) => {
        if (a[0] !== false) fail(rt, `Expected: false, Actual: ${rt.toApexString(a[0])}`, a[1]);
        return null;
      },
      isnull: (rt, a) => {
        if (a[0] !== null) fail(rt, `Expected: null, Actual: ${rt.toApexString(a[0])}`, a[1]);
        return null;
      },
      isnotnull: (rt, a) => {
        if (a[0] === null) fail(rt, 'Expected: not null, Actual: null', a[1]);
        return null;
      },
      isinstanceoftype: (rt, a) => {
        const t = typeOf(a[1]);
        if (!host.isInstance(a[0], t, null))
          fail(
            rt,
            `Expected: instance of ${(a[1] as NativeObject<TypeState>).state.name}, Actual: ${rt.toApexString(a[0])}`,
            a[2],
          );
        return null;
      },
      isnotinstanceoftype: (rt, a) => {
        const t = typeOf(a[1]);
        if (host.isInstance(a[0], t, null))
          fail(
            rt,
            `Expected: not instance of ${(a[1] as NativeObject<TypeState>).state.name}, Actual: ${rt.toApexString(a[0])}`,
            a[2],
          );
        return null;
      },
      fail: (rt, a) => fail(rt, null, a[0]),
    },
  };
}

function testClass(host: LangHost): NativeClass {
  return {
    name: 'Test',
    statics: {
      isrunningtest: () => host.isTest,
      starttest: () => {
        host.startTest();
        return null;
      },
      stoptest: () => {
        host.stopTest();
        return null;
      },
      createstub: (_rt, a) => host.createStub(a[0] ?? null, a[1] ?? null),
    },
  };
}

function userInfoClass(): NativeClass {
  return {
    name: 'UserInfo',
    statics: {
      getuserid: (rt) => rt.user.id,
      getusername: (rt) => rt.user.userName,
      getname: (rt) => rt.user.name,
      getfirstname: (rt) => rt.user.name.split(' ').slice(0, -1).join(' ') || null,
      getlastname: (rt) => rt.user.name.split(' ').pop() ?? null,
      getuseremail: (rt) => rt.user.email,
      getprofileid: (rt) => rt.user.profileId,
      gettimezone: (rt) => new NativeObject('TimeZone', { id: rt.user.timeZone }),
      getorganizationid: (rt) => rt.user.orgId,
      getorganizationname: () => 'localorg',
      getlocale: (rt) => rt.user.locale,
      getlanguage: (rt) => rt.user.language,
      getusertype: () => 'Standard',
      // "UserInfo Class": the theme the user prefers and the one shown; localorg's users see
      // Lightning Experience (`Theme4d`, "$User.UITheme and $User.UIThemeDisplayed")
      getuitheme: () => 'Theme4d',
      getuithemedisplayed: () => 'Theme4d',
      // localorg's orgs have one currency: no object has a CurrencyIsoCode field
      ismulticurrencyorganization: () => false,
    },
  };
}

function timeZoneClass(): NativeClass {
  const id = (self: Value): string => (self as NativeObject<{ id: string }>).state.id;
  return {
    name: 'TimeZone',
    statics: {
      gettimezone: (_rt, a) => new NativeObject('TimeZone', { id: String(a[0]) }),
    },
    methods: {
      getid: (_rt, _a, self) => id(self),
      getdisplayname: (_rt, _a, self) => id(self),
      tostring: (_rt, _a, self) => id(self),
    },
  };
}

function typeClass(host: LangHost): NativeClass {
  const state = (self: Value): TypeState => (self as NativeObject<TypeState>).state;
  return {
    name: 'Type',
    statics: {
      forname: (rt, a) => {
        const name =
          a.length >= 2 ? (a[0] ? `${String(a[0])}.${String(a[1])}` : String(a[1])) : a[0];
        if (typeof name !== 'string') return null;
        const info = rt.resolveType(name);
        return info ? host.typeObject(info.ref) : null;
      },
    },
    methods: {
      getname: (_rt, _a, self) => state(self).name,
      tostring: (_rt, _a, self) => state(self).name,
      equals: (_rt, a, self) =>
        a[0] instanceof NativeObject &&
        a[0].typeName === 'System.Type' &&
        (a[0].state as TypeState).name.toLowerCase() === state(self).name.toLowerCase(),
      hashcode: (_rt, _a, self) => {
        let h = 0;
        for (const c of state(self).name.toLowerCase())
          h = (Math.imul(31, h) + c.charCodeAt(0)) | 0;
        return h;
      },
      newinstance: (rt, _a, self) => {
        const info = rt.resolveType(state(self).ref);
        if (!info)
          throw new ApexError('System.TypeException', `Type not found: ${state(self).name}`);
        if (info.kind === 'collection') {
          const ref = info.ref;
          const k = ref.name.toLowerCase();
          if (k === 'map')
            return new ApexMap(ref.args[0] ?? typeRef('Object'), ref.args[1] ?? typeRef('Object'));
          if (k === 'list') return new ApexList(ref.args[0] ?? typeRef('Object'), []);
        }
        if (info.kind === 'interface' || info.kind === 'enum' || info.kind === 'primitive')
          throw new ApexError('System.TypeException', `Cannot instantiate ${info.name}`);
        return rt.newInstance(info);
      },
      isassignablefrom: (_rt, a, self) => {
        const other = a[0];
        if (!(other instanceof NativeObject) || other.typeName !== 'System.Type') return false;
        return host.isAssignable((other.state as TypeState).ref, state(self).ref);
      },
    },
  };
}

function triggerClass(host: LangHost): NativeClass {
  const ctx = (): TriggerInvocation | null => host.currentTrigger();
  const op = (p: string) => () => ctx()?.operation.startsWith(p) ?? null;
  const kind = (k: string) => () => {
    const c = ctx();
    return c ? c.operation.endsWith(`_${k}`) : null;
  };
  const list = (which: 'newList' | 'oldList') => () => {
    const c = ctx();
    const l = c?.[which];
    return c && l ? new ApexList(typeRef(c.object), l) : null;
  };
  const map = (which: 'newList' | 'oldList') => (rt: Runtime) => {
    const c = ctx();
    const l = c?.[which];
    if (!c || !l || c.operation === 'BEFORE_INSERT') return null;
    const m = new ApexMap(typeRef('Id'), typeRef(c.object));
    for (const r of l) {
      const id = r.fields.get('id') ?? null;
      m.entries.set(rt.hashKey(id), [id, r]);
    }
    return m;
  };
  return {
    name: 'Trigger',
    staticProps: {
      new: list('newList'),
      old: list('oldList'),
      newmap: map('newList'),
      oldmap: map('oldList'),
      isbefore: op('BEFORE'),
      isafter: op('AFTER'),
      isinsert: kind('INSERT'),
      isupdate: kind('UPDATE'),
      isdelete: kind('DELETE'),
      isundelete: kind('UNDELETE'),
      isexecuting: () => ctx() !== null,
      size: () => {
        const c = ctx();
        return c ? (c.newList ?? c.oldList ?? []).length : null;
      },
      operationtype: () => {
        const c = ctx();
        return c ? host.enumConstant('System.TriggerOperation', c.operation) : null;
      },
    },
  };
}

/** The constants of the primitive number types (`Integer.MAX_VALUE` …). */
function numberConstants(): NativeClass[] {
  return [
    {
      name: 'Integer',
      staticProps: { max_value: () => 2147483647, min_value: () => -2147483648 },
    },
    {
      name: 'Long',
      staticProps: {
        max_value: () => 9223372036854775807n,
        min_value: () => -9223372036854775808n,
      },
    },
  ];
}

/** The language classes, bound to one interpreter. */
export function langClasses(host: LangHost): NativeClass[] {
  return [
    systemClass(),
    assertClass(host),
    testClass(host),
    limitsClass(host),
    userInfoClass(),
    timeZoneClass(),
    typeClass(host),
    triggerClass(host),
    ...numberConstants(),
  ];
}
