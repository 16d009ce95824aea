/**
 * Custom labels (`labels/CustomLabels.labels-meta.xml`): the values `System.Label.Name` and
 * `Label.Name` return in Apex.
 */
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { entries } from './tree';
import { readXml } from './xml';

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
    for (const { name: entry, path: full, directory } of entries(dir)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      if (directory) visit(full);
      else if (entry.endsWith('.labels-meta.xml')) {
        const doc = readXml(parser, full) as {
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
