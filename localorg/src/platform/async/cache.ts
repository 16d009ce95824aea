/**
 * Platform Cache (Apex Developer Guide, "Platform Cache"; Apex Reference Guide, "Cache
 * Namespace"): the org cache (`Cache.Org`, `Cache.OrgPartition`) and the session cache
 * (`Cache.Session`, `Cache.SessionPartition`), partitions from
 * `cachePartitions/*.cachePartition-meta.xml` with the capacity of their org and session
 * segments, time-to-live on the async clock, `Cache.CacheBuilder`, least-recently-used eviction
 * when a segment is full and the 100 KB limit of one item.
 *
 * - A segment with no capacity does nothing: puts are dropped and gets miss, without an error
 *   ("Platform Cache Partitions").
 * - The size of a value is the length of its JSON form: the platform measures its own
 *   serialised form, so sizes near the limits are estimates.
 * - The session cache belongs to the running user's session; asynchronous Apex has none
 *   (`Cache.Session.isAvailable()` is false there) and localorg refuses session cache calls
 *   in it rather than guess the platform's error.
 */
import type { NativeClass, Runtime } from '../../runtime/native';
import {
  ApexDouble,
  ApexError,
  ApexMap,
  ApexSet,
  NativeObject,
  NotSupportedError,
  typeRef,
  type ApexObject,
  type TypeRef,
  type Value,
} from '../../runtime/values';
import { serialize } from '../../runtime/stdlib/json-writer';
import { asyncOf, isTest } from './context';
import type { CachePartitionInfo } from './project';
import type { AsyncService } from './service';

export type CacheKind = 'org' | 'session';

interface KindInfo {
  readonly segment: 'Organization' | 'Session';
  readonly exception: string;
  readonly partitionType: string;
  readonly defaultTtl: number;
  readonly maxTtl: number;
}

export const MIN_TTL_SECS = 300;
/** The largest single cached item (Platform Cache Limits: 100 KB). */
export const MAX_ITEM_BYTES = 100 * 1024;

export const KINDS: Readonly<Record<CacheKind, KindInfo>> = {
  org: {
    segment: 'Organization',
    exception: 'Cache.Org.OrgCacheException',
    partitionType: 'Cache.OrgPartition',
    defaultTtl: 86_400,
    maxTtl: 172_800,
  },
  session: {
    segment: 'Session',
    exception: 'Cache.Session.SessionCacheException',
    partitionType: 'Cache.SessionPartition',
    defaultTtl: 28_800,
    maxTtl: 28_800,
  },
};

interface Entry {
  value: Value;
  expires: number;
  size: number;
  used: number;
}

interface Segment {
  readonly entries: Map<string, Entry>;
  readonly capacity: number;
}

export interface PartitionRef {
  readonly kind: CacheKind;
  /** `local.Name`. */
  readonly name: string;
}

function invalidParam(message: string): ApexError {
  return new ApexError('Cache.InvalidParamException', message);
}

const STRING: TypeRef = typeRef('String');

export class PlatformCacheService {
  private readonly segments = new Map<string, Segment>();
  private tick = 0;

  constructor(private readonly svc: AsyncService) {}

  resetTest(): void {
    for (const k of [...this.segments.keys()]) if (k.startsWith('test:')) this.segments.delete(k);
  }

  private info(name: string): CachePartitionInfo | undefined {
    return this.svc.project
      .cachePartitions()
      .find((p) => p.name.toLowerCase() === name.toLowerCase());
  }

  /** `local.Name` for a declared partition, or the cache's exception. */
  partition(kind: CacheKind, name: string): PartitionRef {
    const parts = name.split('.');
    if (parts.length !== 2 || parts.some((p) => !/^[A-Za-z0-9]+$/.test(p))) {
      throw invalidParam(`Invalid partition name: ${name}`);
    }
    const info = this.info(parts[1]);
    if (parts[0].toLowerCase() !== 'local' || !info) {
      throw new ApexError(KINDS[kind].exception, `Partition not found: ${name}`);
    }
    return { kind, name: `local.${info.name}` };
  }

  /** Split a `Cache.Org` / `Cache.Session` key into partition and key. */
  resolve(kind: CacheKind, key: Value): { partition: PartitionRef; key: string } {
    if (key === null || key === '') throw invalidParam('Key cannot be null or empty');
    const parts = String(key).split('.');
    if (parts.length === 3) {
      return {
        partition: this.partition(kind, `${parts[0]}.${parts[1]}`),
        key: this.checkKey(parts[2]),
      };
    }
    if (parts.length !== 1) throw invalidParam(`Invalid key: ${String(key)}`);
    return { partition: this.defaultPartition(kind), key: this.checkKey(parts[0]) };
  }

  defaultPartition(kind: CacheKind): PartitionRef {
    const p = this.svc.project.cachePartitions().find((x) => x.isDefault);
    if (!p) throw new ApexError(KINDS[kind].exception, 'No default partition has been specified');
    return { kind, name: `local.${p.name}` };
  }

  checkKey(key: Value): string {
    const k = key === null ? '' : String(key);
    if (!/^[A-Za-z0-9]+$/.test(k)) throw invalidParam(`Key must be alphanumeric: ${k}`);
    return k;
  }

  /** Whether the session cache can be used here: not in asynchronous Apex. */
  sessionAvailable(): boolean {
    return this.svc.current() === null;
  }

  private segment(rt: Runtime, p: PartitionRef): Segment {
    if (p.kind === 'session' && !this.sessionAvailable()) {
      throw new NotSupportedError(
        'Cache.Session in asynchronous Apex (the platform has no session there)',
      );
    }
    const owner = p.kind === 'session' ? rt.user.id : '';
    const k = `${isTest(rt) ? 'test' : 'org'}:${p.kind}:${owner}:${p.name.toLowerCase()}`;
    let s = this.segments.get(k);
    if (!s) {
      const mb = this.info(p.name.split('.')[1])?.capacityMb[KINDS[p.kind].segment] ?? 0;
      this.segments.set(k, (s = { entries: new Map(), capacity: mb * 1024 * 1024 }));
    }
    return s;
  }

  private copy(v: Value): Value {
    return this.svc.cloneObject(v);
  }

  private sizeOf(rt: Runtime, v: Value): number {
    let text: string;
    try {
      text = serialize(rt, v, false);
    } catch {
      text = rt.toApexString(v);
    }
    return Buffer.byteLength(text, 'utf8');
  }

  put(rt: Runtime, p: PartitionRef, key: string, value: Value, ttl: Value): void {
    const kind = KINDS[p.kind];
    const secs = ttl === null || ttl === undefined ? kind.defaultTtl : Number(ttl);
    if (!Number.isInteger(secs) || secs < MIN_TTL_SECS || secs > kind.maxTtl) {
      throw invalidParam(
        `ttlSecs must be between ${MIN_TTL_SECS} and ${kind.maxTtl}: ${String(ttl)}`,
      );
    }
    const seg = this.segment(rt, p);
    const size = this.sizeOf(rt, value);
    if (size > MAX_ITEM_BYTES) {
      throw new ApexError(
        'Cache.ItemSizeLimitExceededException',
        `Item ${key} is ${size} bytes, more than the ${MAX_ITEM_BYTES} bytes one cached item may take`,
      );
    }
    if (seg.capacity === 0) return;
    seg.entries.delete(key);
    seg.entries.set(key, {
      value: this.copy(value),
      expires: this.svc.clock.now() + secs * 1000,
      size,
      used: ++this.tick,
    });
    this.evict(seg);
  }

  /** Least recently used entries leave a full segment first. */
  private evict(seg: Segment): void {
    let total = [...seg.entries.values()].reduce((n, e) => n + e.size, 0);
    const byUse = [...seg.entries].sort((a, b) => a[1].used - b[1].used);
    for (const [k, e] of byUse) {
      if (total <= seg.capacity) break;
      seg.entries.delete(k);
      total -= e.size;
    }
  }

  private live(rt: Runtime, p: PartitionRef, key: string): Entry | undefined {
    const m = this.segment(rt, p).entries;
    const e = m.get(key);
    if (e && e.expires <= this.svc.clock.now()) {
      m.delete(key);
      return undefined;
    }
    return e;
  }

  get(rt: Runtime, p: PartitionRef, key: string): Value {
    const e = this.live(rt, p, key);
    if (!e) return null;
    e.used = ++this.tick;
    return this.copy(e.value);
  }

  contains(rt: Runtime, p: PartitionRef, key: string): boolean {
    return this.live(rt, p, key) !== undefined;
  }

  remove(rt: Runtime, p: PartitionRef, key: string): boolean {
    return this.live(rt, p, key) !== undefined && this.segment(rt, p).entries.delete(key);
  }

  /** The keys of live entries, those a CacheBuilder loaded included. */
  keys(rt: Runtime, p: PartitionRef): ApexSet {
    const s = new ApexSet(STRING);
    for (const k of [...this.segment(rt, p).entries.keys()]) {
      if (this.live(rt, p, k)) s.entries.set(k, k);
    }
    return s;
  }

  /**
   * The key a CacheBuilder's value is kept under. The platform lists it among the partition's
   * keys with the class name in it (apex-recipes' OrgShape_Tests); localorg spells it as the
   * class name without dots followed by the key.
   */
  builderKey(rt: Runtime, builder: Value, key: Value): string {
    return this.builderOf(rt, builder, key).stored;
  }

  private builderOf(rt: Runtime, builder: Value, key: Value) {
    const k = this.checkKey(key);
    const ref = (builder as NativeObject<{ ref?: TypeRef }>).state?.ref;
    const info = ref ? rt.resolveType(ref) : null;
    if (!info || info.kind !== 'class') {
      throw invalidParam(`Not a Cache.CacheBuilder class: ${rt.toApexString(builder)}`);
    }
    return { stored: `${info.name.replace(/\./g, '')}${k}`, info, key: k };
  }

  /**
   * `get(cacheBuilder, key)`: the cached value, or the one `doLoad(key)` of a new instance of
   * the builder class returns, cached with the default time-to-live.
   */
  build(rt: Runtime, p: PartitionRef, builder: Value, key: Value): Value {
    const { stored, info, key: k } = this.builderOf(rt, builder, key);
    const hit = this.live(rt, p, stored);
    if (hit) {
      hit.used = ++this.tick;
      return this.copy(hit.value);
    }
    const instance = rt.newInstance(info);
    const value = rt.invokeMethod(instance as ApexObject, 'doLoad', [k]);
    if (value !== null) this.put(rt, p, stored, value, null);
    return value;
  }

  /** Percentage of the segment's capacity in use (100 when it has none). */
  capacity(rt: Runtime, p: PartitionRef): Value {
    const seg = this.segment(rt, p);
    const used = [...seg.entries.keys()]
      .map((k) => this.live(rt, p, k)?.size ?? 0)
      .reduce((a, b) => a + b, 0);
    return new ApexDouble(seg.capacity === 0 ? 100 : (used * 100) / seg.capacity);
  }

  numKeys(rt: Runtime, p: PartitionRef): number {
    return this.keys(rt, p).entries.size;
  }
}

const cacheOf = (rt: Runtime) => asyncOf(rt).cache;
const partitionOf = (self: Value) => (self as NativeObject<PartitionRef>).state;
const isType = (v: Value | undefined) => v instanceof NativeObject && v.typeName === 'System.Type';

type Located = { partition: PartitionRef; key: string };

/**
 * `get` and `contains` of one key, or of a `Set<String>` of keys (a map by key of the answers:
 * `Map<String, Object>` / `Map<String, Boolean>`).
 */
function eachKey(
  rt: Runtime,
  arg: Value,
  valueType: TypeRef,
  locate: (key: Value) => Located,
  op: (at: Located) => Value,
): Value {
  if (!(arg instanceof ApexSet)) return op(locate(arg));
  const m = new ApexMap(STRING, valueType);
  for (const k of arg.entries.values()) m.entries.set(rt.hashKey(k), [k, op(locate(k))]);
  return m;
}

const OBJECT: TypeRef = typeRef('Object');
const BOOLEAN: TypeRef = typeRef('Boolean');

/** The methods `Cache.Org` and `Cache.Session` share; keys may name their partition. */
function cacheStatics(kind: CacheKind): NativeClass['statics'] {
  const at = (rt: Runtime, key: Value | undefined) => cacheOf(rt).resolve(kind, key ?? null);
  return {
    put: (rt, a) => {
      const { partition, key } = at(rt, a[0]);
      cacheOf(rt).put(rt, partition, key, a[1] ?? null, a[2] ?? null);
      return null;
    },
    get: (rt, a) => {
      if (isType(a[0])) {
        const { partition, key } = at(rt, a[1]);
        return cacheOf(rt).build(rt, partition, a[0] ?? null, key);
      }
      return eachKey(
        rt,
        a[0] ?? null,
        OBJECT,
        (k) => at(rt, k),
        (l) => cacheOf(rt).get(rt, l.partition, l.key),
      );
    },
    contains: (rt, a) =>
      eachKey(
        rt,
        a[0] ?? null,
        BOOLEAN,
        (k) => at(rt, k),
        (l) => cacheOf(rt).contains(rt, l.partition, l.key),
      ),
    remove: (rt, a) => {
      if (isType(a[0])) {
        const { partition } = at(rt, a[1]);
        return cacheOf(rt).remove(
          rt,
          partition,
          cacheOf(rt).builderKey(rt, a[0] ?? null, a[1] ?? null),
        );
      }
      const { partition, key } = at(rt, a[0]);
      return cacheOf(rt).remove(rt, partition, key);
    },
    getpartition: (rt, a) =>
      new NativeObject<PartitionRef>(
        KINDS[kind].partitionType,
        cacheOf(rt).partition(kind, String(a[0] ?? '')),
      ),
    getcapacity: (rt) => cacheOf(rt).capacity(rt, cacheOf(rt).defaultPartition(kind)),
    getkeys: (rt) => cacheOf(rt).keys(rt, cacheOf(rt).defaultPartition(kind)),
  };
}

/** `Cache.Partition` statics, shared by both partition classes. */
const partitionStatics: NativeClass['statics'] = {
  createfullyqualifiedkey: (_rt, a) => a.map((x) => String(x)).join('.'),
  createfullyqualifiedpartition: (_rt, a) => a.map((x) => String(x)).join('.'),
  validatekey: (rt, a) => (cacheOf(rt).checkKey(a[1] ?? a[0] ?? null), null),
};

const inPartition = (rt: Runtime, self: Value, key: Value): Located => ({
  partition: partitionOf(self),
  key: cacheOf(rt).checkKey(key),
});

/** `Cache.OrgPartition` / `Cache.SessionPartition` instance methods: keys without prefix. */
const partitionMethods: NativeClass['methods'] = {
  put: (rt, a, s) => {
    const key = cacheOf(rt).checkKey(a[0] ?? null);
    cacheOf(rt).put(rt, partitionOf(s), key, a[1] ?? null, a[2] ?? null);
    return null;
  },
  get: (rt, a, s) => {
    const c = cacheOf(rt);
    if (isType(a[0])) return c.build(rt, partitionOf(s), a[0] ?? null, a[1] ?? null);
    return eachKey(
      rt,
      a[0] ?? null,
      OBJECT,
      (k) => inPartition(rt, s, k),
      (l) => c.get(rt, l.partition, l.key),
    );
  },
  contains: (rt, a, s) =>
    eachKey(
      rt,
      a[0] ?? null,
      BOOLEAN,
      (k) => inPartition(rt, s, k),
      (l) => cacheOf(rt).contains(rt, l.partition, l.key),
    ),
  remove: (rt, a, s) => {
    const c = cacheOf(rt);
    const key = isType(a[0])
      ? c.builderKey(rt, a[0] ?? null, a[1] ?? null)
      : c.checkKey(a[0] ?? null);
    return c.remove(rt, partitionOf(s), key);
  },
  getkeys: (rt, _a, s) => cacheOf(rt).keys(rt, partitionOf(s)),
  getname: (_rt, _a, s) => partitionOf(s).name,
  getcapacity: (rt, _a, s) => cacheOf(rt).capacity(rt, partitionOf(s)),
  getnumkeys: (rt, _a, s) => cacheOf(rt).numKeys(rt, partitionOf(s)),
  isavailable: (rt, _a, s) => partitionOf(s).kind === 'org' || cacheOf(rt).sessionAvailable(),
};

export const cacheClasses: NativeClass[] = [
  { name: 'Org', namespace: 'Cache', statics: cacheStatics('org') },
  {
    name: 'Session',
    namespace: 'Cache',
    statics: {
      ...cacheStatics('session'),
      isavailable: (rt) => cacheOf(rt).sessionAvailable(),
    },
  },
  { name: 'Partition', namespace: 'Cache', statics: partitionStatics, methods: partitionMethods },
  {
    name: 'OrgPartition',
    namespace: 'Cache',
    statics: partitionStatics,
    methods: partitionMethods,
  },
  {
    name: 'SessionPartition',
    namespace: 'Cache',
    statics: partitionStatics,
    methods: partitionMethods,
  },
];
