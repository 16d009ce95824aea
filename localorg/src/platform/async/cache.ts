/**
 * Platform Cache, org cache only: `Cache.Org` (default partition or `ns.partition.key`) and
 * `Cache.OrgPartition`, with time-to-live on the async clock. Partitions come from
 * `cachePartitions/*.cachePartition-meta.xml`; values are copied in and out as the platform
 * serialises them.
 */
import type { NativeClass, Runtime } from '../../runtime/native';
import { ApexError, ApexSet, NativeObject, typeRef, type Value } from '../../runtime/values';
import { asyncOf, isTest } from './context';
import { copyValue } from './jobs';
import type { AsyncService } from './service';

export const DEFAULT_TTL_SECS = 86_400;
export const MIN_TTL_SECS = 300;
export const MAX_TTL_SECS = 172_800;

interface Entry {
  value: Value;
  expires: number;
}

function invalidParam(message: string): ApexError {
  return new ApexError('Cache.InvalidParamException', message);
}

function orgCacheException(message: string): ApexError {
  return new ApexError('Cache.Org.OrgCacheException', message);
}

export class OrgCacheService {
  private readonly partitions = new Map<string, Map<string, Entry>>();

  constructor(private readonly svc: AsyncService) {}

  resetTest(): void {
    for (const k of [...this.partitions.keys()])
      if (k.startsWith('test:')) this.partitions.delete(k);
  }

  /** `local.Name` for a declared partition, or an OrgCacheException. */
  partitionName(name: string): string {
    const parts = name.split('.');
    if (parts.length !== 2 || parts.some((p) => !/^[A-Za-z0-9]+$/.test(p))) {
      throw invalidParam(`Invalid partition name: ${name}`);
    }
    const declared = this.svc.project
      .cachePartitions()
      .some((p) => p.toLowerCase() === parts[1].toLowerCase());
    if (parts[0].toLowerCase() !== 'local' || !declared) {
      throw orgCacheException(`Partition not found: ${name}`);
    }
    return `local.${parts[1]}`;
  }

  /** Split a `Cache.Org` key into partition and key. */
  resolve(key: Value): { partition: string; key: string } {
    if (key === null || key === '') throw invalidParam('Key cannot be null or empty');
    const parts = String(key).split('.');
    if (parts.length === 3) {
      return {
        partition: this.partitionName(`${parts[0]}.${parts[1]}`),
        key: this.checkKey(parts[2]),
      };
    }
    if (parts.length !== 1) throw invalidParam(`Invalid key: ${String(key)}`);
    const partition = this.svc.project.defaultCachePartition();
    if (!partition) throw orgCacheException('No default partition has been specified');
    return { partition, key: this.checkKey(parts[0]) };
  }

  checkKey(key: string): string {
    if (!/^[A-Za-z0-9]+$/.test(key)) throw invalidParam(`Key must be alphanumeric: ${key}`);
    return key;
  }

  private store(rt: Runtime, partition: string): Map<string, Entry> {
    const k = `${isTest(rt) ? 'test' : 'org'}:${partition.toLowerCase()}`;
    let m = this.partitions.get(k);
    if (!m) this.partitions.set(k, (m = new Map()));
    return m;
  }

  private copy(v: Value): Value {
    return v !== null && typeof v === 'object' && (v as { kind?: string }).kind === 'object'
      ? this.svc.cloneObject(v)
      : copyValue(v);
  }

  put(rt: Runtime, partition: string, key: string, value: Value, ttl: Value): void {
    const secs = ttl === null || ttl === undefined ? DEFAULT_TTL_SECS : Number(ttl);
    if (!Number.isInteger(secs) || secs < MIN_TTL_SECS || secs > MAX_TTL_SECS) {
      throw invalidParam(
        `ttlSecs must be between ${MIN_TTL_SECS} and ${MAX_TTL_SECS}: ${String(ttl)}`,
      );
    }
    this.store(rt, partition).set(key, {
      value: this.copy(value),
      expires: this.svc.clock.now() + secs * 1000,
    });
  }

  private live(rt: Runtime, partition: string, key: string): Entry | undefined {
    const m = this.store(rt, partition);
    const e = m.get(key);
    if (e && e.expires <= this.svc.clock.now()) {
      m.delete(key);
      return undefined;
    }
    return e;
  }

  get(rt: Runtime, partition: string, key: string): Value {
    const e = this.live(rt, partition, key);
    return e ? this.copy(e.value) : null;
  }

  contains(rt: Runtime, partition: string, key: string): boolean {
    return this.live(rt, partition, key) !== undefined;
  }

  remove(rt: Runtime, partition: string, key: string): boolean {
    return this.live(rt, partition, key) !== undefined && this.store(rt, partition).delete(key);
  }

  keys(rt: Runtime, partition: string): Value {
    const s = new ApexSet(typeRef('String'));
    for (const k of [...this.store(rt, partition).keys()]) {
      if (this.live(rt, partition, k)) s.entries.set(k, k);
    }
    return s;
  }
}

const cacheOf = (rt: Runtime) => asyncOf(rt).cache;
const partitionOf = (self: Value) => (self as NativeObject<{ name: string }>).state.name;

export const cacheClasses: NativeClass[] = [
  {
    name: 'Org',
    namespace: 'Cache',
    statics: {
      put: (rt, a) => {
        const { partition, key } = cacheOf(rt).resolve(a[0] ?? null);
        cacheOf(rt).put(rt, partition, key, a[1] ?? null, a[2] ?? null);
        return null;
      },
      get: (rt, a) => {
        const { partition, key } = cacheOf(rt).resolve(a[0] ?? null);
        return cacheOf(rt).get(rt, partition, key);
      },
      contains: (rt, a) => {
        const { partition, key } = cacheOf(rt).resolve(a[0] ?? null);
        return cacheOf(rt).contains(rt, partition, key);
      },
      remove: (rt, a) => {
        const { partition, key } = cacheOf(rt).resolve(a[0] ?? null);
        return cacheOf(rt).remove(rt, partition, key);
      },
      getpartition: (rt, a) =>
        new NativeObject('Cache.OrgPartition', {
          name: cacheOf(rt).partitionName(String(a[0] ?? '')),
        }),
    },
  },
  {
    name: 'OrgPartition',
    namespace: 'Cache',
    methods: {
      put: (rt, a, s) => {
        const key = cacheOf(rt).checkKey(String(a[0] ?? ''));
        cacheOf(rt).put(rt, partitionOf(s), key, a[1] ?? null, a[2] ?? null);
        return null;
      },
      get: (rt, a, s) =>
        cacheOf(rt).get(rt, partitionOf(s), cacheOf(rt).checkKey(String(a[0] ?? ''))),
      contains: (rt, a, s) =>
        cacheOf(rt).contains(rt, partitionOf(s), cacheOf(rt).checkKey(String(a[0] ?? ''))),
      remove: (rt, a, s) =>
        cacheOf(rt).remove(rt, partitionOf(s), cacheOf(rt).checkKey(String(a[0] ?? ''))),
      getkeys: (rt, _a, s) => cacheOf(rt).keys(rt, partitionOf(s)),
      getname: (_rt, _a, s) => partitionOf(s),
    },
  },
];
