/**
 * Custom labels (`labels/CustomLabels.labels-meta.xml`): the values `System.Label.Name` and
 * `Label.Name` return in Apex.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false });

interface LabelXml {
  fullName?: string;
  value?: string;
}

/** Label name → value, from every `*.labels-meta.xml` below the package directories. */
export function loadCustomLabels(
  projectDir: string,
  packageDirectories: string[],
): Map<string, string> {
  const labels = new Map<string, string>();
  const visit = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) visit(full);
      else if (entry.endsWith('.labels-meta.xml')) {
        const doc = parser.parse(readFileSync(full, 'utf8')) as {
          CustomLabels?: { labels?: LabelXml | LabelXml[] };
        };
        const list = doc.CustomLabels?.labels;
        for (const l of Array.isArray(list) ? list : list ? [list] : []) {
          if (l.fullName) labels.set(String(l.fullName), String(l.value ?? ''));
        }
      }
    }
  };
  for (const pkg of packageDirectories) visit(join(projectDir, pkg));
  return labels;
}
