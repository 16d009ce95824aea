/**
 * Walking a project's folders. Loading an org walks its package directories several times
 * (objects, custom metadata, permission sets, labels, classes), and a test run creates many
 * orgs: entries are told apart by the type `readdir` reports, not by a `stat` each; a symbolic
 * link (a project that links another's `force-app`) is followed.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

export interface TreeEntry {
  name: string;
  /** `dir` joined with `name`. */
  path: string;
  /** A folder, or a symbolic link to one. */
  directory: boolean;
}

/** The entries of `dir`, sorted by name; none when it cannot be read. */
export function entries(dir: string): TreeEntry[] {
  let found: Dirent[];
  try {
    found = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return found
    .map((e) => {
      const path = join(dir, e.name);
      return {
        name: e.name,
        path,
        directory: e.isDirectory() || (e.isSymbolicLink() && isDirectory(path)),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
