/**
 * `ApexClass` rows for the project's classes (Object Reference, "ApexClass": `Name`, `Body`,
 * `ApiVersion`, `Status`, `IsValid`, `NamespacePrefix`, `LengthWithoutComments`), written when a
 * query reads ApexClass. Like every setup object they are visible to tests without
 * `SeeAllData`. A class the project does not have (a job's class named by a test double) gets a
 * row with its name only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Value } from '../../runtime/values';
import { parser, text, type Xml } from './field-xml';

/** A class file of the project. */
interface ClassSource {
  name: string;
  body: string;
  apiVersion: number | null;
  namespace: string | null;
}

/** What the rows are written through (`OrgDataService.systemUpsert`, its ApexClass table). */
export interface ApexClassHost {
  systemUpsert(type: string, fields: Record<string, Value>): string;
  hasRow(type: string, id: string): boolean;
}

export class ApexClassRows {
  private sources: ClassSource[] | undefined;
  /** Class name (lower case) → its row's Id, kept while the row exists. */
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly host: ApexClassHost,
    private readonly packageDirs: string[],
    private readonly customerDirs: string[],
    private readonly namespace: string,
  ) {}

  /** Write (or restore, after a test's rollback) the rows of every class of the project. */
  sync(): void {
    for (const c of this.classSources()) {
      this.row(c.name, {
        Body: c.body,
        ApiVersion: c.apiVersion,
        NamespacePrefix: c.namespace,
        LengthWithoutComments: withoutComments(c.body).length,
      });
    }
  }

  /** The Id of the row of the class `name`, written if it is missing. */
  idOf(name: string): string {
    const own = this.classSources().find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (own) this.sync();
    return this.row(name, {});
  }

  private row(name: string, fields: Record<string, Value>): string {
    const key = name.toLowerCase();
    const known = this.ids.get(key);
    if (known && this.host.hasRow('ApexClass', known)) return known;
    const id = this.host.systemUpsert('ApexClass', {
      ...(known ? { Id: known } : {}),
      Name: name,
      Status: 'Active',
      IsValid: true,
      ...fields,
    });
    this.ids.set(key, id);
    return id;
  }

  private classSources(): ClassSource[] {
    this.sources ??= this.packageDirs.flatMap((dir) =>
      classFiles(dir).map((file) => {
        const meta = `${file}-meta.xml`;
        const xml = existsSync(meta)
          ? ((parser.parse(readFileSync(meta, 'utf8')) as Xml).ApexClass as Xml)
          : {};
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
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) =>
      e.isDirectory()
        ? classFiles(join(dir, e.name))
        : e.name.endsWith('.cls')
          ? [join(dir, e.name)]
          : [],
    );
}

/** The body without `//` and `/* … *\/` comments (what `LengthWithoutComments` counts). */
function withoutComments(body: string): string {
  return body.replace(
    /('(?:\\.|[^'\\\n])*')|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
    (_m, str?: string) => str ?? '',
  );
}
