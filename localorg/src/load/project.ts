/**
 * Reading an SFDX project: `sfdx-project.json` names the package directories; every `.cls`
 * and `.trigger` file below them is an Apex source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { entries } from './tree';

export interface ApexSourceFile {
  /** Absolute path. */
  path: string;
  kind: 'class' | 'trigger';
  /** File name without extension: the class or trigger name. */
  name: string;
  source: string;
  /** `<apiVersion>` of the `-meta.xml` beside the file (versioned behaviour), or null. */
  apiVersion: number | null;
}

export interface ApexProject {
  dir: string;
  packageDirectories: string[];
  /** The package namespace from `sfdx-project.json`, or null. */
  namespace: string | null;
  files: ApexSourceFile[];
}

interface SfdxProjectJson {
  packageDirectories?: { path: string }[];
  namespace?: string;
}

/** Read the project at `dir`: its package directories and every Apex source in them. */
export function loadProject(dir: string): ApexProject {
  const root = resolve(dir);
  const configPath = join(root, 'sfdx-project.json');
  if (!existsSync(configPath)) throw new Error(`no sfdx-project.json in ${root}`);
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as SfdxProjectJson;
  const packageDirectories = (config.packageDirectories ?? []).map((p) => p.path);
  const files: ApexSourceFile[] = [];
  for (const pkg of packageDirectories) {
    const pkgDir = join(root, pkg);
    if (existsSync(pkgDir)) collect(pkgDir, files);
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { dir: root, packageDirectories, namespace: config.namespace || null, files };
}

function collect(dir: string, out: ApexSourceFile[]): void {
  for (const { name: entry, path: full, directory } of entries(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    if (directory) collect(full, out);
    else if (entry.endsWith('.cls') || entry.endsWith('.trigger')) {
      const kind = entry.endsWith('.cls') ? 'class' : 'trigger';
      out.push({
        path: full,
        kind,
        name: basename(entry, kind === 'class' ? '.cls' : '.trigger'),
        source: readFileSync(full, 'utf8'),
        apiVersion: apiVersionOf(`${full}-meta.xml`),
      });
    }
  }
}

function apiVersionOf(metaFile: string): number | null {
  if (!existsSync(metaFile)) return null;
  const m = /<apiVersion>\s*([\d.]+)\s*<\/apiVersion>/.exec(readFileSync(metaFile, 'utf8'));
  return m ? Number(m[1]) : null;
}
