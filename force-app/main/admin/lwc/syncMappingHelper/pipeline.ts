/**
 * The transform pipeline of one mapping as the mapping helper edits it: steps with a type and
 * their settings as JSON text, added, moved, configured and removed without changing the list
 * in place (the component re-renders from a new list). The types and their starting settings
 * follow the engine's transforms (`force-app/main/engine/transforms`).
 */

/** A step being edited: its settings are JSON text until the option is sent to Apex. */
export interface EditedStep {
  id: number;
  type: string;
  settings: string;
}

/** A step as the configuration JSON holds it: `{"type": "convert", "to": "Decimal"}`. */
export type StepJson = { type: string } & Record<string, unknown>;

interface StepType {
  value: string;
  label: string;
  /** The settings a new step starts with, for the admin to adjust. */
  settings: Record<string, unknown>;
}

export const STEP_TYPES: readonly StepType[] = [
  { value: 'convert', label: 'Convert (cast)', settings: { to: 'Decimal', scale: 2 } },
  { value: 'replace', label: 'Replace (picklist values)', settings: { map: {}, ignoreCase: true } },
  { value: 'modify', label: 'Modify text', settings: { mode: 'trim' } },
  { value: 'split', label: 'Split', settings: { delimiter: ' ', index: 0 } },
  { value: 'join', label: 'Join', settings: { sources: [], separator: ' ' } },
  { value: 'calc', label: 'Calculate', settings: { expression: 'value', scale: 2 } },
  { value: 'default', label: 'Default value', settings: { value: '' } },
  { value: 'format', label: 'Format date', settings: { pattern: 'yyyy-MM-dd', timeZone: 'GMT' } },
  { value: 'truncate', label: 'Truncate to field length', settings: {} },
  { value: 'regex', label: 'Regex extract', settings: { pattern: '(.*)', group: 1 } },
  { value: 'validate', label: 'Validate', settings: { required: true } },
  { value: 'reference', label: 'Reference (parent Id)', settings: { object: '', field: '' } },
  { value: 'encode', label: 'Encode (export)', settings: { as: 'url' } },
];

let nextId = 1;

/** A new step of a type, with that type's starting settings. */
export function newStep(type: string): EditedStep {
  const known = STEP_TYPES.find((t) => t.value === type);
  return { id: nextId++, type, settings: JSON.stringify(known?.settings ?? {}, null, 2) };
}

/** The list with a step added at the end. */
export function addStep(steps: readonly EditedStep[], type: string): EditedStep[] {
  return [...steps, newStep(type)];
}

/** The list with a step moved by `offset` places (-1 up, 1 down); unchanged at either end. */
export function moveStep(steps: readonly EditedStep[], id: number, offset: number): EditedStep[] {
  const from = steps.findIndex((s) => s.id === id);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= steps.length) return [...steps];
  const moved = [...steps];
  const [step] = moved.splice(from, 1);
  moved.splice(to, 0, step);
  return moved;
}

/** The list without a step. */
export function removeStep(steps: readonly EditedStep[], id: number): EditedStep[] {
  return steps.filter((s) => s.id !== id);
}

/** The list with a step's settings text replaced. */
export function configureStep(
  steps: readonly EditedStep[],
  id: number,
  settings: string,
): EditedStep[] {
  return steps.map((s) => (s.id === id ? { ...s, settings } : s));
}

/** Why a step's settings cannot be used, or null: they must be a JSON object. */
export function settingsError(settings: string): string | null {
  try {
    const parsed: unknown = JSON.parse(settings || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? null
      : 'The settings must be a JSON object, e.g. {"to": "Decimal"}.';
  } catch (e) {
    return `The settings are not valid JSON: ${(e as Error).message}`;
  }
}

/** The steps as the configuration JSON holds them; steps with unreadable settings are left out. */
export function toJson(steps: readonly EditedStep[]): StepJson[] {
  return steps
    .filter((s) => settingsError(s.settings) === null)
    .map((s) => ({ ...(JSON.parse(s.settings || '{}') as Record<string, unknown>), type: s.type }));
}

/** Steps read back from the configuration JSON, for editing. */
export function fromJson(steps: readonly StepJson[]): EditedStep[] {
  return steps.map(({ type, ...settings }) => ({
    id: nextId++,
    type,
    settings: JSON.stringify(settings, null, 2),
  }));
}
