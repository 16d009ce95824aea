/**
 * The metadata check (`npm test`): every metadata XML file of the package directories is
 * validated against the Metadata API's schema, so what a deploy would refuse fails here first.
 *
 * The schema is the one the Salesforce tooling ships: `@jsforce/jsforce-node` (a dev dependency)
 * generates it from the Metadata WSDL. It says which elements a type has, which repeat, and their
 * value types; this checks elements, nesting, repetition and boolean and number values (not
 * which elements are required: the WSDL's required legacy fields, such as a Named Credential's
 * `principalType`, are absent from the newer formats). Its WSDL is older than the
 * API version the project uses, so `NEWER_THAN_SCHEMA` adds the few documented types and fields
 * the project uses that came later. Then the rules the schema cannot express: tab motifs from the
 * CLI's own list, auto-number display formats with one number placeholder, Apex class and trigger
 * names that are not reserved words, and secured-endpoint Named Credentials that name an External
 * Credential of the project.
 *
 * Usage: node --import tsx scripts/check-metadata.ts [projectDir]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { isReservedIdentifier } from 'localorg';

/** A type of the schema: its fields, each `'string'`, `'?boolean'`, `'SomeType'` or `['Repeated']`. */
export interface TypeSchema {
  props: Record<string, string | string[]>;
  extends?: string;
}

export type Schema = Record<string, TypeSchema>;

export interface Problem {
  file: string;
  message: string;
}

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

/**
 * Types and fields the Metadata API Developer Guide documents that are newer than the WSDL of
 * `@jsforce/jsforce-node`'s schema, limited to those this project uses. Add to it only from the
 * guide, never to silence a real problem.
 */
export const NEWER_THAN_SCHEMA: Schema = {
  CustomPermission: { props: { isLicensed: '?boolean' } },
  // Flow apiVersion (44.0), environments (54.0), storeOutputAutomatically (48.0),
  // recordTriggerType (49.0).
  Flow: { props: { apiVersion: '?number', environments: ['string'] } },
  FlowRecordCreate: { props: { storeOutputAutomatically: '?boolean' } },
  FlowStart: { props: { recordTriggerType: '?string' } },
  // Named Credentials with External Credentials (56.0).
  NamedCredential: {
    props: {
      calloutStatus: '?string',
      namedCredentialParameters: ['NamedCredentialParameter'],
      namedCredentialType: '?string',
    },
  },
  NamedCredentialParameter: {
    props: {
      certificate: '?string',
      description: '?string',
      externalCredential: '?string',
      outboundNetworkConnection: '?string',
      parameterName: '?string',
      parameterType: 'string',
      parameterValue: '?string',
      sequenceNumber: '?number',
    },
  },
  ExternalCredential: {
    extends: 'Metadata',
    props: {
      authenticationProtocol: 'string',
      description: '?string',
      externalCredentialParameters: ['ExternalCredentialParameter'],
      label: 'string',
    },
  },
  ExternalCredentialParameter: {
    props: {
      authProvider: '?string',
      certificate: '?string',
      description: '?string',
      parameterGroup: '?string',
      parameterName: 'string',
      parameterType: 'string',
      parameterValue: '?string',
      sequenceNumber: '?number',
    },
  },
  // PlatformEventSubscriberConfig (51.0): the running user and batch size of an event trigger.
  PlatformEventSubscriberConfig: {
    extends: 'Metadata',
    props: {
      batchSize: '?number',
      masterLabel: 'string',
      platformEventConsumer: 'string',
      user: '?string',
    },
  },
  PermissionSet: {
    props: {
      externalCredentialPrincipalAccesses: ['PermissionSetExternalCredentialPrincipalAccess'],
    },
  },
  PermissionSetExternalCredentialPrincipalAccess: {
    props: { enabled: 'boolean', externalCredentialPrincipal: 'string' },
  },
};

const toolRequire = createRequire(import.meta.url);

/** The Metadata API schema of `@jsforce/jsforce-node`, with `NEWER_THAN_SCHEMA` merged in. */
export function loadSchema(): Schema {
  const { ApiSchemas } = toolRequire('@jsforce/jsforce-node/lib/api/metadata/schema.js') as {
    ApiSchemas: Schema;
  };
  const schema: Schema = { ...ApiSchemas };
  for (const [name, extra] of Object.entries(NEWER_THAN_SCHEMA)) {
    const known = schema[name];
    schema[name] = known
      ? { ...known, props: { ...known.props, ...extra.props } }
      : { ...extra, props: { ...extra.props } };
  }
  return schema;
}

/** The tab motifs (`Custom87: Safe`) of the Salesforce CLI's `schema generate tab` command. */
export function loadTabMotifs(): Set<string> {
  // The plugin exports only its entry, lib/index.js; the command sits beside it.
  const lib = dirname(toolRequire.resolve('@salesforce/plugin-sobject'));
  const source = readFileSync(join(lib, 'commands/schema/generate/tab.js'), 'utf8');
  const list = /const tabDefs = \[([^\]]*)\]/.exec(source);
  if (!list) throw new Error('the tab motif list of @salesforce/plugin-sobject was not found');
  return new Set([...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]));
}

type XmlNode = Record<string, unknown>;

/** The name of an element node (fast-xml-parser's ordered form), or null for text. */
function tagOf(node: XmlNode): string | null {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text') ?? null;
}

function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  return node[tag] as XmlNode[];
}

function textOf(children: XmlNode[]): string {
  return children.map((c) => String(c['#text'] ?? '')).join('');
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: true,
});

export interface Context {
  schema: Schema;
  motifs: Set<string>;
  /** The External Credentials of the project. */
  externalCredentials: Set<string>;
  /** The directories of the package (`package` in sfdx-project.json), whose fields need help text. */
  packageDirs?: string[];
}

/** The problems of one metadata file. */
export function checkMetadataFile(file: string, xml: string, ctx: Context): Problem[] {
  const problems: Problem[] = [];
  const report = (where: string, message: string) =>
    problems.push({ file, message: `${where}: ${message}` });
  let doc: XmlNode[];
  try {
    doc = parser.parse(xml, true) as XmlNode[];
  } catch (e) {
    return [{ file, message: `not well-formed XML: ${(e as Error).message}` }];
  }
  const root = doc.find((n) => tagOf(n) !== null && tagOf(n) !== '?xml');
  const type = root && tagOf(root);
  if (!root || !type) return [{ file, message: 'no root element' }];
  if (!ctx.schema[type]) return [{ file, message: `${type} is not a Metadata API type` }];
  const ns = (root[':@'] as Record<string, string> | undefined)?.['@_xmlns'];
  if (ns !== METADATA_NS) report(type, `the namespace must be ${METADATA_NS}`);
  checkElement(ctx.schema, type, type, childrenOf(root, type), report);
  for (const rule of RULES) rule(file, type, childrenOf(root, type), ctx, report);
  return problems;
}

function propsOf(schema: Schema, type: string): Record<string, string | string[]> {
  const t = schema[type];
  if (!t) return {};
  return { ...(t.extends ? propsOf(schema, t.extends) : {}), ...t.props };
}

function checkElement(
  schema: Schema,
  type: string,
  path: string,
  children: XmlNode[],
  report: (where: string, message: string) => void,
): void {
  const props = propsOf(schema, type);
  const seen = new Map<string, number>();
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === null) {
      if (String(child['#text'] ?? '').trim()) report(path, 'text where elements belong');
      continue;
    }
    const where = `${path} > ${tag}`;
    const spec = props[tag];
    if (spec === undefined) {
      report(where, `${type} has no element ${tag}`);
      continue;
    }
    const repeated = Array.isArray(spec);
    const valueType = (repeated ? spec[0] : spec).replace(/^\?/, '');
    const count = (seen.get(tag) ?? 0) + 1;
    seen.set(tag, count);
    if (!repeated && count === 2) report(where, `${type} has at most one ${tag}`);
    checkValue(schema, valueType, where, childrenOf(child, tag), report);
  }
}

function checkValue(
  schema: Schema,
  valueType: string,
  where: string,
  children: XmlNode[],
  report: (where: string, message: string) => void,
): void {
  if (valueType === 'any') return;
  if (schema[valueType]) {
    checkElement(schema, valueType, where, children, report);
    return;
  }
  if (children.some((c) => tagOf(c) !== null)) {
    report(where, `a ${valueType} value, not elements`);
    return;
  }
  const text = textOf(children);
  if (valueType === 'boolean' && text !== 'true' && text !== 'false')
    report(where, `'${text}' is not a boolean (true or false)`);
  if (valueType === 'number' && !/^-?\d+(\.\d+)?$/.test(text))
    report(where, `'${text}' is not a number`);
}

type Rule = (
  file: string,
  type: string,
  children: XmlNode[],
  ctx: Context,
  report: (where: string, message: string) => void,
) => void;

function element(children: XmlNode[], tag: string): XmlNode[] {
  return children.filter((c) => tagOf(c) === tag).map((c) => ({ [tag]: c[tag] }));
}

function valueOf(children: XmlNode[], tag: string): string | null {
  const [found] = element(children, tag);
  return found ? textOf(childrenOf(found, tag)) : null;
}

const tabMotif: Rule = (_file, type, children, ctx, report) => {
  const motif = valueOf(children, 'motif');
  if (type === 'CustomTab' && motif !== null && !ctx.motifs.has(motif))
    report(
      'CustomTab > motif',
      `'${motif}' is not a tab style (the CLI's list has e.g. 'Custom87: Safe')`,
    );
};

/** An auto-number format holds one number placeholder; {YY}, {YYYY}, {MM}, {DD} may be added. */
const autoNumberFormat: Rule = (_file, type, children, _ctx, report) => {
  const check = (where: string, fieldChildren: XmlNode[]) => {
    const format = valueOf(fieldChildren, 'displayFormat');
    if (format === null || valueOf(fieldChildren, 'type') !== 'AutoNumber') return;
    const placeholders = [...format.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
    const numbers = placeholders.filter((p) => /^0+$/.test(p)).length;
    const others = placeholders.filter((p) => !/^(0+|YY|YYYY|MM|DD)$/.test(p));
    if (numbers !== 1 || others.length)
      report(
        `${where} > displayFormat`,
        `'${format}' needs exactly one number placeholder such as {00000000} (and optionally {YYYY}, {MM}, {DD})`,
      );
  };
  if (type === 'CustomField') check(type, children);
  for (const nameField of type === 'CustomObject' ? element(children, 'nameField') : [])
    check('CustomObject > nameField', childrenOf(nameField, 'nameField'));
};

const apexName: Rule = (file, type, _children, _ctx, report) => {
  if (type !== 'ApexClass' && type !== 'ApexTrigger') return;
  const name = basename(file).replace(/\.(cls|trigger)-meta\.xml$/, '');
  if (isReservedIdentifier(name)) report(type, `Identifier name is reserved: ${name}`);
};

/** Since API 56.0 a secured endpoint authenticates through an External Credential. */
const namedCredentialAuth: Rule = (_file, type, children, ctx, report) => {
  if (type !== 'NamedCredential' || valueOf(children, 'namedCredentialType') !== 'SecuredEndpoint')
    return;
  const external = element(children, 'namedCredentialParameters')
    .map((p) => childrenOf(p, 'namedCredentialParameters'))
    .filter((p) => valueOf(p, 'parameterType') === 'Authentication')
    .map((p) => valueOf(p, 'externalCredential'));
  if (!external.length)
    report(
      type,
      'a SecuredEndpoint needs an Authentication parameter naming an External Credential',
    );
  for (const name of external)
    if (name === null || !ctx.externalCredentials.has(name))
      report(type, `External Credential ${name ?? '(none)'} is not in the project`);
};

/** Every field the package ships has field-level help (at most 510 characters), so admins see what it holds. */
const fieldHelpText: Rule = (file, type, children, ctx, report) => {
  const packaged = (ctx.packageDirs ?? []).some((dir) => file.startsWith(`${dir}/`));
  if (type !== 'CustomField' || !packaged) return;
  const help = valueOf(children, 'inlineHelpText')?.trim() ?? '';
  if (!help) report(type, 'a field of the package needs inlineHelpText (field-level help)');
  else if (help.length > 510)
    report(`${type} > inlineHelpText`, `${help.length} characters: at most 510`);
};

const RULES: Rule[] = [tabMotif, autoNumberFormat, apexName, namedCredentialAuth, fieldHelpText];

/** Every metadata XML file under `dir` (component tests and fixtures excluded). */
export function findMetadataFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === '__tests__' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findMetadataFiles(path));
    else if (entry.endsWith('-meta.xml')) found.push(path);
  }
  return found.sort();
}

/** The problems of every metadata file of the project's package directories. */
export function checkProject(projectDir: string): { files: number; problems: Problem[] } {
  const project = JSON.parse(readFileSync(join(projectDir, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories: { path: string; package?: string }[];
  };
  const files = project.packageDirectories
    .map((p) => join(projectDir, p.path))
    .filter((dir) => existsSync(dir))
    .flatMap(findMetadataFiles);
  const ctx: Context = {
    schema: loadSchema(),
    motifs: loadTabMotifs(),
    externalCredentials: new Set(
      files
        .filter((f) => f.endsWith('.externalCredential-meta.xml'))
        .map((f) => basename(f, '.externalCredential-meta.xml')),
    ),
    packageDirs: project.packageDirectories.filter((p) => p.package).map((p) => p.path),
  };
  const problems = files.flatMap((f) =>
    checkMetadataFile(relative(projectDir, f), readFileSync(f, 'utf8'), ctx),
  );
  return { files: files.length, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, problems } = checkProject(process.argv[2] ?? process.cwd());
  for (const p of problems) console.log(`${p.file}: ${p.message}`);
  console.log(`${files} metadata file(s) checked, ${problems.length} problem(s)`);
  process.exitCode = problems.length ? 1 : 0;
}
