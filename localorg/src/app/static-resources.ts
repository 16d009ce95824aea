/**
 * The project's static resources as the app serves them, under `/resource/<Name>` (the URL of
 * `@salesforce/resourceUrl/<Name>` in the local app): a file resource at that URL with its
 * `contentType`, a folder resource (deployed as a zip) with its files below it,
 * `/resource/<Name>/path/in/the/zip.js`, as the platform serves a zip's files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findDirs } from '../platform/data/load';

export interface StaticResourceFiles {
  name: string;
  /** The folder of a zip resource kept as a folder, or null for a file resource. */
  folder: string | null;
  /** The file of a file resource, or null for a folder. */
  file: string | null;
  contentType: string;
}

const META = '.resource-meta.xml';

/** Every static resource of the package directories, by name. */
export function findStaticResources(packageDirs: string[]): Map<string, StaticResourceFiles> {
  const found = new Map<string, StaticResourceFiles>();
  for (const dir of packageDirs.flatMap((root) => findDirs(root, 'staticresources'))) {
    for (const entry of readdirSync(dir).filter((e) => e.endsWith(META))) {
      const name = entry.slice(0, -META.length);
      const meta = readFileSync(join(dir, entry), 'utf8');
      const contentType =
        /<contentType>([^<]+)<\/contentType>/.exec(meta)?.[1] ?? 'application/octet-stream';
      const folder = join(dir, name);
      const isFolder = existsSync(folder) && statSync(folder).isDirectory();
      const file = readdirSync(dir).find((e) => e.startsWith(`${name}.`) && !e.endsWith(META));
      found.set(name, {
        name,
        folder: isFolder ? folder : null,
        file: !isFolder && file ? join(dir, file) : null,
        contentType,
      });
    }
  }
  return found;
}
