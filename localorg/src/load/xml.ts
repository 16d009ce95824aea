/**
 * Metadata XML read through a process-wide memory: every org a process creates reads the same
 * project files (objects, fields, custom metadata, permission sets), and parsing XML costs several
 * times what copying the parsed tree from its JSON does. Each read gets its own copy, which the
 * caller may change.
 */
import { readFileSync } from 'node:fs';
import type { XMLParser } from 'fast-xml-parser';

/** Parser → XML text → the JSON of what it parsed. */
const parsed = new WeakMap<XMLParser, Map<string, string>>();

/** The file at `path`, parsed by `parser`. */
export function readXml(parser: XMLParser, path: string): unknown {
  const text = readFileSync(path, 'utf8');
  let byText = parsed.get(parser);
  if (!byText) parsed.set(parser, (byText = new Map()));
  let json = byText.get(text);
  if (json === undefined) byText.set(text, (json = JSON.stringify(parser.parse(text))));
  return JSON.parse(json);
}
