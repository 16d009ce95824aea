/**
 * Reading the configuration JSON as `SyncConfigJson.read` does: every problem with its
 * location (`options[2].mappings[0].target: is required`), unknown keys rejected, the version
 * checked. The result is canonical: every key present, defaults filled in, picklist values in
 * their metadata spelling, so that equal configurations are equal JSON.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toText } from './codec';
import type { KeySpec, TypeName } from './fields';

export type JsonObject = { [key: string]: unknown };

export interface ConfigJson {
  version: number;
  plans: JsonObject[];
  options: JsonObject[];
  quotas: JsonObject[];
}

/** The top-level lists and the type of their entries. */
export const LISTS = [
  { key: 'plans', type: 'Sync_Plan' },
  { key: 'options', type: 'Sync_Option' },
  { key: 'quotas', type: 'Api_Quota' },
] as const;

/** An option's mappings: a list nested in the option, written after `dependsOn`. */
export const MAPPINGS = { key: 'mappings', after: 'dependsOn', type: 'Field_Mapping' } as const;

/** The version `SyncConfig.VERSION` reads and writes. */
export const VERSION = Number(
  /static final Integer VERSION = (\d+);/.exec(
    readFileSync(
      join(
        dirname(fileURLToPath(import.meta.url)),
        '../../force-app/main/configuration/classes/SyncConfig.cls',
      ),
      'utf8',
    ),
  )?.[1],
);

const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

/** Names that say credential; the same pattern as SecretScrubber's in Apex. */
const SECRET_NAME =
  /authorization|cookie|(api|access|private|client)[-_]?key|^key$|x-auth|token|secret|password|passwd|pwd|credential|signature|session/i;
/** Values that are credentials: a scheme and a value, a bare JWT, keys with well-known prefixes. */
const SECRET_VALUE =
  /^(bearer|basic|digest|token)\s+\S|^eyJ[\w-]+\.[\w-]+\.[\w-]*$|^(sk|rk)_(live|test)_\w+|^(ghp|gho|ghs|ghu|github_pat)_\w+|^xox[abposr]-\S+|^AKIA[0-9A-Z]{16}$/i;

/**
 * Whether a header or query parameter carries a credential. Named Credential merge fields
 * (`Bearer {!$Credential.OAuthToken}`) are references, not secrets.
 */
export function looksLikeCredential(name: string, value: unknown): boolean {
  if (typeof value !== 'string' || value.trim() === '' || /\{!\$Credential\./i.test(value)) {
    return false;
  }
  return SECRET_NAME.test(name) || SECRET_VALUE.test(value.trim());
}

const show = (value: unknown) => JSON.stringify(value);
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class Reader {
  constructor(readonly problems: string[]) {}

  objectAt(value: unknown, at: string): JsonObject | null {
    if (isObject(value)) return value;
    this.problems.push(`${at}: expected an object`);
    return null;
  }

  listAt(value: unknown, at: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.problems.push(`${at}: expected a list`);
    return [];
  }

  unknownKeys(fields: JsonObject, known: string[], at: string): void {
    for (const key of Object.keys(fields)) {
      if (!known.includes(key)) this.problems.push(`${located(at, key)}: unknown setting`);
    }
  }

  /** One key's value, checked against its field and made canonical. */
  value(spec: KeySpec, value: unknown, at: string): unknown {
    if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
      if (spec.required) this.problems.push(`${at}: is required`);
      return structuredClone(spec.fallback);
    }
    const checked = spec.codec ? this.encoded(spec, value, at) : this.plain(spec, value, at);
    if (checked === undefined) return structuredClone(spec.fallback);
    const size = spec.codec && spec.length ? (toText(spec, checked) ?? '').length : 0;
    if (size > spec.length!) {
      this.problems.push(`${at}: is ${size} characters long as field text, at most ${spec.length}`);
    }
    return checked;
  }

  private plain(spec: KeySpec, value: unknown, at: string): unknown {
    switch (spec.type) {
      case 'Checkbox':
        if (typeof value === 'boolean') return value;
        this.problems.push(`${at}: expected true or false, got ${show(value)}`);
        return undefined;
      case 'Number':
        return this.number(spec, value, at);
      case 'Picklist': {
        const chosen = typeof value === 'string' ? this.choice(spec, value) : undefined;
        if (chosen === undefined) {
          this.problems.push(`${at}: ${show(value)} is not one of ${spec.values?.join(', ')}`);
        }
        return chosen;
      }
      default:
        return this.text(spec, value, at);
    }
  }

  private choice(spec: KeySpec, value: string): string | undefined {
    return spec.values?.find((v) => v.toLowerCase() === value.trim().toLowerCase());
  }

  private number(spec: KeySpec, value: unknown, at: string): number | undefined {
    const whole = !spec.scale;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (whole && !Number.isInteger(value))
    ) {
      this.problems.push(
        `${at}: expected ${whole ? 'a whole number' : 'a number'}, got ${show(value)}`,
      );
      return undefined;
    }
    const digits = (spec.precision ?? 18) - (spec.scale ?? 0);
    if (Math.abs(value) >= 10 ** digits) {
      this.problems.push(`${at}: ${value} has more than the ${digits} digits the field holds`);
      return undefined;
    }
    return value;
  }

  private text(spec: KeySpec, value: unknown, at: string): string | undefined {
    if (typeof value !== 'string') {
      this.problems.push(`${at}: expected text, got ${show(value)}`);
      return undefined;
    }
    if (spec.length && value.length > spec.length) {
      this.problems.push(`${at}: is ${value.length} characters long, at most ${spec.length}`);
    }
    return value;
  }

  private encoded(spec: KeySpec, value: unknown, at: string): unknown {
    switch (spec.codec) {
      case 'textMap':
        return this.textMap(value, at);
      case 'object':
        return this.objectAt(value, at) ?? undefined;
      case 'names':
        return this.listAt(value, at).filter((name, i) => {
          if (typeof name === 'string' && name.trim() && !name.includes(',')) return true;
          this.problems.push(`${at}[${i}]: expected a name, got ${show(name)}`);
          return false;
        });
      case 'reference':
        return this.text(spec, value, at);
      default:
        return this.objectList(spec, value, at);
    }
  }

  private textMap(value: unknown, at: string): JsonObject | undefined {
    const map = this.objectAt(value, at);
    if (!map) return undefined;
    for (const [name, entry] of Object.entries(map)) {
      if (entry !== null && typeof entry !== 'string') {
        this.problems.push(`${at}.${name}: expected text, got ${show(entry)}`);
      } else if (looksLikeCredential(name, entry)) {
        this.problems.push(
          `${at}.${name}: looks like a credential; credentials belong in the Named Credential, ` +
            'not in the configuration',
        );
      }
    }
    return map;
  }

  private objectList(spec: KeySpec, value: unknown, at: string): JsonObject[] {
    const out: JsonObject[] = [];
    this.listAt(value, at).forEach((entry, i) => {
      const item = this.objectAt(entry, `${at}[${i}]`);
      if (!item) return;
      if (spec.codec === 'transforms' && (typeof item.type !== 'string' || !item.type.trim())) {
        this.problems.push(`${at}[${i}].type: is required`);
      }
      out.push(item);
    });
    return out;
  }
}

function located(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

/** Reads one entry of a list: its keys in table order, nested mappings for an option. */
function readEntry(
  reader: Reader,
  keys: Record<TypeName, KeySpec[]>,
  type: TypeName,
  value: unknown,
  at: string,
): JsonObject | null {
  const fields = reader.objectAt(value, at);
  if (!fields) return null;
  const nested = type === 'Sync_Option' ? MAPPINGS : null;
  reader.unknownKeys(
    fields,
    [...keys[type].map((s) => s.key), ...(nested ? [nested.key] : [])],
    at,
  );
  const out: JsonObject = {};
  for (const spec of keys[type]) {
    out[spec.key] = reader.value(spec, fields[spec.key], located(at, spec.key));
    if (nested && spec.key === nested.after) {
      out[nested.key] = reader
        .listAt(fields[nested.key], located(at, nested.key))
        .map((m, i) => readEntry(reader, keys, nested.type, m, `${at}.${nested.key}[${i}]`))
        .filter((m): m is JsonObject => m !== null);
    }
  }
  if ('name' in out && typeof out.name === 'string') {
    if (!API_NAME.test(out.name) || out.name.length > 40 || out.name.endsWith('_')) {
      reader.problems.push(
        `${at}.name: '${out.name}' is not an API name (a letter, then letters, digits and ` +
          'single underscores, not ending in one, at most 40 characters)',
      );
    }
    out.label ??= out.name;
  }
  return out;
}

/** Names used twice, and plans named by options that the configuration does not hold. */
function crossCheck(config: ConfigJson, problems: string[]): void {
  for (const { key } of LISTS) {
    const seen = new Map<string, number>();
    config[key].forEach((entry, i) => {
      const name = String(entry.name ?? '').toLowerCase();
      if (!name) return;
      if (seen.has(name)) {
        problems.push(
          `${key}[${i}].name: '${entry.name}' is also the name of ${key}[${seen.get(name)}]`,
        );
      } else seen.set(name, i);
    });
  }
  const plans = new Set(config.plans.map((p) => String(p.name).toLowerCase()));
  config.options.forEach((option, i) => {
    if (typeof option.plan === 'string' && !plans.has(option.plan.toLowerCase())) {
      problems.push(`options[${i}].plan: there is no plan '${option.plan}' in the configuration`);
    }
  });
}

/**
 * Reads a configuration, as text or as parsed JSON.
 * @returns the canonical configuration (null when the root is unreadable) and every problem
 */
export function readConfig(
  input: unknown,
  keys: Record<TypeName, KeySpec[]>,
): { config: ConfigJson | null; problems: string[] } {
  const problems: string[] = [];
  let root = input;
  if (typeof input === 'string') {
    try {
      root = JSON.parse(input);
    } catch (e) {
      return {
        config: null,
        problems: [`The configuration is not valid JSON: ${(e as Error).message}`],
      };
    }
  }
  const reader = new Reader(problems);
  const fields = reader.objectAt(root, '(root)');
  if (!fields) return { config: null, problems };
  reader.unknownKeys(fields, ['version', ...LISTS.map((l) => l.key)], '');
  if (fields.version === undefined || fields.version === null) {
    problems.push('version: is required');
  } else if (fields.version !== VERSION) {
    problems.push(
      `version: this Conduit reads configuration version ${VERSION}, the file has ${show(fields.version)}`,
    );
  }
  const config: ConfigJson = { version: VERSION, plans: [], options: [], quotas: [] };
  for (const { key, type } of LISTS) {
    config[key] = reader
      .listAt(fields[key], key)
      .map((entry, i) => readEntry(reader, keys, type, entry, `${key}[${i}]`))
      .filter((entry): entry is JsonObject => entry !== null);
  }
  crossCheck(config, problems);
  return { config, problems };
}
