/**
 * Rows of the setup objects that describe the project's deployed metadata, written when a
 * query reads them (Object Reference: "StaticResource" — `Name`, `Body`, `BodyLength`,
 * `ContentType`, `CacheControl`, `NamespacePrefix`; "PlatformCachePartition" —
 * `DeveloperName`, `MasterLabel`, `Description`, `IsDefaultPartition`, `NamespacePrefix`).
 * "AppMenuItem" — one per app of the project (`ApplicationId`, `Name`, `Label`, `Type`
 * `TabSet`), the standard apps of a real org left out; `SortOrder` is null until
 * `AppLauncher.AppMenu.setOrgSortOrder` sets it. Like every setup object they are visible to
 * tests without `SeeAllData`.
 *
 * A static resource kept as a folder is deployed as a zip archive, which localorg does not
 * build: its row has no `Body` (`BodyLength` 0).
 */
import { ApexBlob } from '../../runtime/values';
import type { ProjectMetadata } from '../async/project';
import { KeptRows, type KeptRowHost } from './kept-rows';

/** The key prefix of `CustomApplication` Ids (an app's `AppMenuItem.ApplicationId`). */
const CUSTOM_APPLICATION = '02u';

/** Writes the rows of one source with `put` (`KeptRows.put`). */
export type RowSource = (put: KeptRows['put']) => void;

export class MetadataRows {
  private readonly rows: KeptRows;
  /** Sources other rooms add (permission sets' ObjectPermissions …), by the objects they fill. */
  private readonly sources: { objects: RegExp; write: RowSource }[] = [];
  /** App name (lower case) → its `CustomApplication` Id, stable while the process lives. */
  private readonly appIds = new Map<string, string>();

  constructor(
    host: KeptRowHost,
    private readonly project: ProjectMetadata,
    private readonly namespace: string,
    private readonly newId: (keyPrefix: string) => string,
  ) {
    this.rows = new KeptRows(host);
  }

  /** Add rows written, like these, when a query may read one of `objects`. */
  addSource(objects: RegExp, write: RowSource): void {
    this.sources.push({ objects, write });
  }

  /** Write (or restore) the rows of the objects `soql` may read. */
  sync(soql: string): void {
    const ns = this.namespace || null;
    for (const s of this.sources)
      if (s.objects.test(soql)) s.write((type, key, fields) => this.rows.put(type, key, fields));
    if (/StaticResource/i.test(soql)) {
      for (const r of this.project.staticResources()) {
        this.rows.put('StaticResource', r.name, () => ({
          Name: r.name,
          Body: r.body ? new ApexBlob(r.body) : null,
          BodyLength: r.body?.length ?? 0,
          ContentType: r.contentType,
          CacheControl: r.cacheControl,
          NamespacePrefix: ns,
        }));
      }
    }
    if (/AppMenuItem/i.test(soql)) {
      for (const app of this.project.applications()) {
        const key = app.name.toLowerCase();
        const appId = this.appIds.get(key) ?? this.newId(CUSTOM_APPLICATION);
        this.appIds.set(key, appId);
        this.rows.put('AppMenuItem', app.name, () => ({
          ApplicationId: appId,
          Name: app.name,
          Label: app.label,
          Description: app.description,
          Type: 'TabSet',
          NamespacePrefix: ns,
          IsAccessible: true,
          IsVisible: true,
        }));
      }
    }
    if (/PlatformCachePartition/i.test(soql)) {
      for (const p of this.project.cachePartitions()) {
        this.rows.put('PlatformCachePartition', p.name, () => ({
          DeveloperName: p.name,
          MasterLabel: p.label,
          Description: p.description,
          IsDefaultPartition: p.isDefault,
          NamespacePrefix: ns,
        }));
      }
    }
  }
}
