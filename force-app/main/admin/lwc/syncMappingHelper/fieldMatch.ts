/**
 * Suggests which JSON path maps to which field by the similarity of their names: names are
 * normalised (case, `_`/`-`/`.`, camelCase, a namespace and the `__c` suffix dropped), then
 * compared by the overlap of their words and by edit distance. Written by hand: the two measures
 * are a few lines each and no well-kept library offers exactly this for both shapes of names.
 */

/** The least similarity a suggestion needs. */
export const MIN_CONFIDENCE = 0.6;

export interface FieldLike {
  name: string;
  label?: string;
  createable?: boolean;
  updateable?: boolean;
}

export interface Suggestion {
  source: string;
  target: string;
  /** 0 to 1: 1 when the names are the same once normalised. */
  confidence: number;
}

/** The words of a name: `Customer_Name__c` and `customerName` both give `customer name`. */
export function words(name: string): string[] {
  return name
    .replace(/^[A-Za-z0-9]+__(?=\w+__[cr]$)/i, '')
    .replace(/__(c|r)$/i, '')
    .replace(/\[\d+\]/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** A name compared as one word: `Customer_Name__c` → `customername`. */
export function normalise(name: string): string {
  return words(name).join('');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * How alike two names are, from 0 to 1: the better of word overlap (Dice) and edit similarity of
 * the normalised names. Only the last part of a path counts with the words of the whole path:
 * `customer.name` is compared as `customer name`.
 */
export function similarity(source: string, target: string): number {
  const a = words(source);
  const b = words(target);
  if (a.length === 0 || b.length === 0) return 0;
  const joinedA = a.join('');
  const joinedB = b.join('');
  if (joinedA === joinedB) return 1;
  const shared = a.filter((w) => b.includes(w)).length;
  const overlap = (2 * shared) / (a.length + b.length);
  const edit = 1 - editDistance(joinedA, joinedB) / Math.max(joinedA.length, joinedB.length);
  return Math.round(Math.max(overlap, edit) * 100) / 100;
}

/**
 * The best source for each writable field, most confident first; each source and field is used
 * once, and a suggestion needs at least `MIN_CONFIDENCE`. A field is compared by its API name
 * and by its label.
 */
export function suggestMappings(
  sources: readonly string[],
  fields: readonly FieldLike[],
): Suggestion[] {
  const candidates: Suggestion[] = [];
  for (const field of fields) {
    if (field.createable === false && field.updateable === false) continue;
    for (const source of sources) {
      const confidence = Math.max(
        similarity(source, field.name),
        field.label ? similarity(source, field.label) : 0,
      );
      if (confidence >= MIN_CONFIDENCE) candidates.push({ source, target: field.name, confidence });
    }
  }
  candidates.sort((x, y) => y.confidence - x.confidence || x.target.localeCompare(y.target));
  const usedSources = new Set<string>();
  const usedTargets = new Set<string>();
  const chosen: Suggestion[] = [];
  for (const candidate of candidates) {
    if (usedSources.has(candidate.source) || usedTargets.has(candidate.target)) continue;
    usedSources.add(candidate.source);
    usedTargets.add(candidate.target);
    chosen.push(candidate);
  }
  return chosen;
}
