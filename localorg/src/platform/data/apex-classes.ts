/**
 * `ApexClass` rows for the project's classes (Object Reference, "ApexClass": `Name`, `Body`,
 * `ApiVersion`, `Status`, `IsValid`, `NamespacePrefix`, `LengthWithoutComments`), written when a
 * query reads ApexClass. Like every setup object they are visible to tests without
 * `SeeAllData`. A class the project does not have (a job's class named by a test double) gets a
 * row with its name only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Value } from '../../runtime/values';
import { parser, text, type Xml } from './field-xml';
import { KeptRows, type KeptRowHost } from './kept-rows';
import { readXml } from '../../load/xml';
import { entries } from '../../load/tree';

/** A class file of the project. */
interface ClassSource {
  name: string;
  body: string;
  apiVersion: number | null;
  namespace: string | null;
}

/** `LengthWithoutComments` by class body: the same sources load into every org of a process. */
const lengths = new Map<string, number>();

export class ApexClassRows {
  private sources: ClassSource[] | undefined;
  private readonly rows: KeptRows;

  constructor(
    host: KeptRowHost,
    private readonly packageDirs: string[],
    private readonly customerDirs: string[],
    private readonly namespace: string,
  ) {
    this.rows = new KeptRows(host);
  }

  /** Write (or restore, after a test's rollback) the rows of every class of the project. */
  sync(): void {
    for (const c of this.classSources()) {
      this.row(c.name, () => ({
        Body: c.body,
        ApiVersion: c.apiVersion,
        NamespacePrefix: c.namespace,
        LengthWithoutComments: lengthWithoutComments(c.body),
      }));
    }
  }

  /** The Id of the row of the class `name`, written if it is missing. */
  idOf(name: string): string {
    const own = this.classSources().find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (own) this.sync();
    return this.row(name, () => ({}));
  }

  /** The row of the class `name`; `fields()` only when it is written (a job's class asks often). */
  private row(name: string, fields: () => Record<string, Value>): string {
    return this.rows.put('ApexClass', name, () => ({
      Name: name,
      Status: 'Active',
      IsValid: true,
      ...fields(),
    }));
  }

  private classSources(): ClassSource[] {
    this.sources ??= this.packageDirs.flatMap((dir) =>
      classFiles(dir).map((file) => {
        const meta = `${file}-meta.xml`;
        const xml = existsSync(meta) ? ((readXml(parser, meta) as Xml).ApexClass as Xml) : {};
        const version = text(xml.apiVersion);
        return {
          name: basename(file, '.cls'),
          body: readFileSync(file, 'utf8'),
          apiVersion: version === undefined ? null : Number(version),
          namespace: this.customerDirs.includes(dir) ? null : this.namespace || null,
        };
      }),
    );
    return this.sources;
  }
}

/** The `.cls` files anywhere under a package directory (source format allows any folder). */
function classFiles(dir: string): string[] {
  return entries(dir)
    .filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.'))
    .flatMap((e) => (e.directory ? classFiles(e.path) : e.name.endsWith('.cls') ? [e.path] : []));
}

/** The length of the body without `//` and `/* … *\/` comments (`LengthWithoutComments`). */
function lengthWithoutComments(body: string): number {
  let length = lengths.get(body);
  if (length === undefined) {
    length = body.replace(
      /('(?:\\.|[^'\\\n])*')|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
      (_m, str?: string) => str ?? '',
    ).length;
    lengths.set(body, length);
  }
  return length;
}
