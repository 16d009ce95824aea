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

/** A folder's entries as last read, and its modification time then. */
const listings = new Map<string, { mtimeMs: number; entries: TreeEntry[] }>();

/**
 * How long a folder must have stayed unchanged before its listing is remembered: a change within
 * the file system's timestamp granularity of the last one may leave the modification time as it
 * was (git's "racy" entries), a change after that cannot.
 */
const SETTLED_MS = 1000;

/**
 * The entries of `dir`, sorted by name; none when it cannot be read. A folder unchanged since
 * this process last read it (its modification time, which adding, removing or renaming an entry
 * changes) is not read again: the same project is walked for every org a process creates.
 */
export function entries(dir: string): TreeEntry[] {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(dir).mtimeMs;
  } catch {
    return [];
  }
  const known = listings.get(dir);
  if (known?.mtimeMs === mtimeMs) return known.entries;
  let found: Dirent[];
  try {
    found = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const read = found
    .map((e) => {
      const path = join(dir, e.name);
      return {
        name: e.name,
        path,
        directory: e.isDirectory() || (e.isSymbolicLink() && isDirectory(path)),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (Date.now() - mtimeMs > SETTLED_MS) listings.set(dir, { mtimeMs, entries: read });
  else listings.delete(dir);
  return read;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
