/**
 * Salesforce Files (Object Reference: "ContentVersion", "ContentDocument",
 * "ContentDocumentLink"). Inserting a `ContentVersion` stored in Salesforce
 * (`ContentLocation` `S`, the default) needs `PathOnClient` and `VersionData`, and:
 *
 * - without a `ContentDocumentId` creates its `ContentDocument` (title, file type, size,
 *   `LatestPublishedVersionId`, owner), links the document to its owner and, when set, to
 *   `FirstPublishLocationId`, and is version 1;
 * - with a `ContentDocumentId` becomes the document's latest version (the previous one is no
 *   longer `IsLatest`; the document takes the new title, type and size).
 *
 * `FileType` comes from the extension of `PathOnClient` (`UNKNOWN` for one localorg does not
 * know), `ContentSize` is the size of `VersionData` in bytes. Not modelled: the rows this
 * creates run no triggers, files of other locations (`E`, `L`), content workspaces
 * (libraries), sharing by `ContentDocumentLink`, DML on `ContentDocument` (delete included).
 */
import { ApexBlob, type Value } from '../../runtime/values';
import type { ObjectDef } from './schema';
import type { RowError } from './sobject';
import type { Row } from './store';

/** What the rules read and write, in the running transaction. */
export interface FilesHost {
  row(type: string, id: string): Row | undefined;
  put(type: string, id: string, row: Row): void;
  /** Insert a row with its system fields (CreatedDate …); returns its Id. */
  insert(type: string, fields: Record<string, Value>): string;
  /** Ids of the live `type` rows whose `field` is `value`. */
  idsWhere(type: string, field: string, value: string): string[];
}

/** `FileType` by lower-case extension. */
const FILE_TYPES: Readonly<Record<string, string>> = {
  csv: 'CSV',
  doc: 'WORD',
  docx: 'WORD_X',
  gif: 'GIF',
  htm: 'HTML',
  html: 'HTML',
  jpeg: 'JPEG',
  jpg: 'JPG',
  json: 'JSON',
  m4a: 'M4A',
  mp3: 'MP3',
  mp4: 'MP4',
  pdf: 'PDF',
  png: 'PNG',
  ppt: 'POWER_POINT',
  pptx: 'POWER_POINT_X',
  rtf: 'RTF',
  txt: 'TEXT',
  xls: 'EXCEL',
  xlsx: 'EXCEL_X',
  xml: 'XML',
  zip: 'ZIP',
};

const text = (v: Value | undefined): string | null => (typeof v === 'string' ? v : null);

function extensionOf(path: string | null): string | null {
  const dot = path?.lastIndexOf('.') ?? -1;
  return path && dot > 0 && dot < path.length - 1 ? path.slice(dot + 1).toLowerCase() : null;
}

export class ContentFiles {
  constructor(private readonly host: FilesHost) {}

  /** The error of a `ContentVersion` about to be inserted, or undefined. */
  insertError(obj: ObjectDef, rec: ReadonlyMap<string, Value>): RowError | undefined {
    if (obj.name !== 'ContentVersion' || (text(rec.get('contentlocation')) ?? 'S') !== 'S')
      return undefined;
    const missing = ['PathOnClient', 'VersionData'].filter(
      (f) => rec.get(f.toLowerCase()) === null || rec.get(f.toLowerCase()) === undefined,
    );
    return missing.length
      ? {
          statusCode: 'REQUIRED_FIELD_MISSING',
          message: `Required fields are missing: [${missing.join(', ')}]`,
          fields: missing,
        }
      : undefined;
  }

  /** After the rows of `ids` were written: documents, versions and links. */
  afterInsert(obj: ObjectDef, ids: readonly string[]): void {
    if (obj.name !== 'ContentVersion') return;
    for (const id of ids) this.publish(id);
  }

  private publish(versionId: string): void {
    const version = new Map(this.host.row('ContentVersion', versionId));
    const path = text(version.get('pathonclient'));
    const ext = extensionOf(path);
    const data = version.get('versiondata');
    const facts: Record<string, Value> = {
      title: text(version.get('title')),
      filetype: ext ? (FILE_TYPES[ext] ?? 'UNKNOWN') : 'UNKNOWN',
      fileextension: ext,
      contentsize: data instanceof ApexBlob ? data.bytes.length : 0,
    };
    const owner = text(version.get('ownerid'));
    const location = text(version.get('firstpublishlocationid'));
    let docId = text(version.get('contentdocumentid'));
    let number = 1;
    if (docId) {
      const earlier = this.host.idsWhere('ContentVersion', 'contentdocumentid', docId);
      number = earlier.length;
      for (const id of earlier) {
        if (id === versionId) continue;
        const old = new Map(this.host.row('ContentVersion', id));
        old.set('islatest', false);
        this.host.put('ContentVersion', id, old);
      }
    } else {
      docId = this.host.insert('ContentDocument', {
        ownerid: owner,
        publishstatus: location ? 'P' : 'R',
      });
      const linked = [owner, location].filter(
        (x, i, all): x is string => x !== null && all.indexOf(x) === i,
      );
      for (const entity of linked) {
        this.host.insert('ContentDocumentLink', {
          contentdocumentid: docId,
          linkedentityid: entity,
          sharetype: entity === owner ? 'I' : 'V',
          visibility: 'AllUsers',
        });
      }
    }
    const doc = new Map(this.host.row('ContentDocument', docId));
    for (const [k, v] of Object.entries(facts)) doc.set(k, v);
    doc.set('latestpublishedversionid', versionId);
    this.host.put('ContentDocument', docId, doc);
    for (const [k, v] of Object.entries(facts)) if (k !== 'title') version.set(k, v);
    version.set('contentdocumentid', docId);
    version.set('islatest', true);
    version.set('versionnumber', String(number));
    version.set('publishstatus', doc.get('publishstatus') ?? 'P');
    this.host.put('ContentVersion', versionId, version);
  }
}
