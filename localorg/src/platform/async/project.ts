/**
 * The project metadata the async layer reads itself: Named Credentials, Remote Site Settings,
 * static resources, platform event publish behaviour, Platform Cache partitions and
 * `.localorg/credentials.json`. Files are found once, lazily, under the project root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { entries } from '../../load/tree';
import { readXml } from '../../load/xml';

const SKIP = new Set(['node_modules', '.git', '.sfdx', '.sf', 'localorg', 'coverage']);
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

export interface NamedCredentialInfo {
  readonly name: string;
  /** The endpoint URL in the metadata (`<endpoint>` or the `Url` parameter), if any. */
  readonly endpoint: string | null;
}

export interface RemoteSiteInfo {
  readonly name: string;
  readonly url: string;
  readonly isActive: boolean;
}

export interface StaticResourceInfo {
  readonly name: string;
  /** The file's bytes; null for a resource kept as a folder (the platform deploys a zip). */
  readonly body: Uint8Array | null;
  readonly contentType: string | null;
  readonly cacheControl: string | null;
}

export interface CachePartitionInfo {
  readonly name: string;
  readonly label: string;
  readonly description: string | null;
  readonly isDefault: boolean;
  /** Capacity of each segment (allocated, partner, purchased and trial), in MB. */
  readonly capacityMb: { readonly Organization: number; readonly Session: number };
}

type XmlNode = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

export class ProjectMetadata {
  private files: string[] | null = null;

  constructor(readonly root: string | null) {}

  private all(): string[] {
    if (this.files) return this.files;
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const e of entries(dir)) {
        if (SKIP.has(e.name)) continue;
        if (e.directory) walk(e.path);
        else out.push(e.path);
      }
    };
    if (this.root) walk(this.root);
    this.files = out;
    return out;
  }

  private inFolder(folder: string, suffix: string): string[] {
    return this.all().filter((f) => f.endsWith(suffix) && f.split(/[\\/]/).includes(folder));
  }

  private parse(file: string, root: string): XmlNode {
    const doc = readXml(xml, file) as XmlNode;
    return (doc[root] as XmlNode | undefined) ?? {};
  }

  namedCredential(name: string): NamedCredentialInfo | null {
    const suffix = '.namedCredential-meta.xml';
    const file = this.inFolder('namedCredentials', suffix).find(
      (f) => basename(f, suffix).toLowerCase() === name.toLowerCase(),
    );
    if (!file) return null;
    const nc = this.parse(file, 'NamedCredential');
    let endpoint = text(nc.endpoint);
    const params = nc.namedCredentialParameters;
    for (const p of (Array.isArray(params) ? params : params ? [params] : []) as XmlNode[]) {
      if (text(p.parameterType) === 'Url') endpoint = text(p.parameterValue);
    }
    return { name: basename(file, suffix), endpoint };
  }

  private sites: RemoteSiteInfo[] | null = null;

  remoteSites(): RemoteSiteInfo[] {
    const suffix = '.remoteSite-meta.xml';
    return (this.sites ??= this.inFolder('remoteSiteSettings', suffix).map((f) => {
      const rs = this.parse(f, 'RemoteSiteSetting');
      return {
        name: basename(f, suffix),
        url: text(rs.url) ?? '',
        isActive: text(rs.isActive) !== 'false',
      };
    }));
  }

  staticResource(name: string): StaticResourceInfo | null {
    const r = this.resourceFile(name);
    return r?.body ? r : null;
  }

  /** Every static resource (one per `.resource-meta.xml`), folders included. */
  staticResources(): StaticResourceInfo[] {
    const suffix = '.resource-meta.xml';
    return this.inFolder('staticresources', suffix).flatMap((f) => {
      const r = this.resourceFile(basename(f, suffix));
      return r ? [r] : [];
    });
  }

  private resourceFile(name: string): StaticResourceInfo | null {
    const files = this.all().filter((f) => f.split(/[\\/]/).includes('staticresources'));
    const meta = files.find(
      (f) =>
        f.endsWith('.resource-meta.xml') &&
        basename(f, '.resource-meta.xml').toLowerCase() === name.toLowerCase(),
    );
    // a file directly in the folder: the files of a folder resource are not its body
    const body = files.find((f) => {
      if (f.endsWith('-meta.xml') || basename(dirname(f)) !== 'staticresources') return false;
      const b = basename(f);
      const stem = b.slice(0, b.length - extname(b).length);
      return stem.toLowerCase() === name.toLowerCase() || b.toLowerCase() === name.toLowerCase();
    });
    if (!body && !meta) return null;
    const m = meta ? this.parse(meta, 'StaticResource') : {};
    return {
      name: meta ? basename(meta, '.resource-meta.xml') : name,
      body: body ? new Uint8Array(readFileSync(body)) : null,
      contentType: text(m.contentType),
      cacheControl: text(m.cacheControl),
    };
  }

  /** `<publishBehavior>` of a platform event object, or null when not declared. */
  eventPublishBehavior(object: string): string | null {
    const suffix = '.object-meta.xml';
    const file = this.inFolder('objects', suffix).find(
      (f) => basename(f, suffix).toLowerCase() === object.toLowerCase(),
    );
    if (!file) return null;
    return text(this.parse(file, 'CustomObject').publishBehavior);
  }

  private partitions: CachePartitionInfo[] | null = null;

  /** The Platform Cache partitions, with the capacity (MB) of their org and session segments. */
  cachePartitions(): CachePartitionInfo[] {
    const suffix = '.cachePartition-meta.xml';
    return (this.partitions ??= this.inFolder('cachePartitions', suffix).map((f) => {
      const p = this.parse(f, 'PlatformCachePartition');
      const capacity = { Organization: 0, Session: 0 };
      const types = p.platformCachePartitionTypes;
      for (const t of (Array.isArray(types) ? types : types ? [types] : []) as XmlNode[]) {
        const type = text(t.cacheType);
        if (type !== 'Organization' && type !== 'Session') continue;
        const mb = [
          'allocatedCapacity',
          'allocatedPartnerCapacity',
          'allocatedPurchasedCapacity',
          'allocatedTrialCapacity',
        ]
          .map((k) => Number(text(t[k]) ?? 0))
          .reduce((a, b) => a + b, 0);
        capacity[type] += mb;
      }
      return {
        name: basename(f, suffix),
        label: text(p.masterLabel) ?? basename(f, suffix),
        description: text(p.description),
        isDefault: text(p.isDefaultPartition) === 'true',
        capacityMb: capacity,
      };
    }));
  }

  /** The project's apps (`applications/Name.app-meta.xml`): API name, label, description. */
  applications(): { name: string; label: string; description: string | null }[] {
    const suffix = '.app-meta.xml';
    return this.inFolder('applications', suffix).map((f) => {
      const app = this.parse(f, 'CustomApplication');
      const name = basename(f, suffix);
      return { name, label: text(app.label) ?? name, description: text(app.description) };
    });
  }

  /** Whether the project has a flow of this API name (`flows/Name.flow-meta.xml`). */
  flow(name: string): boolean {
    const suffix = '.flow-meta.xml';
    return this.inFolder('flows', suffix).some(
      (f) => basename(f, suffix).toLowerCase() === name.toLowerCase(),
    );
  }

  /** `.localorg/credentials.json`: `{ "NamedCredential": "http://127.0.0.1:8080" }`. */
  localCredentials(): Record<string, string> {
    if (!this.root) return {};
    const file = join(this.root, '.localorg', 'credentials.json');
    if (!existsSync(file)) return {};
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const out: Record<string, string> = {};
    if (parsed && typeof parsed === 'object') {
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
    }
    return out;
  }
}
