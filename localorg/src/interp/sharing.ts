/**
 * Whose rules a database operation follows: the sharing keyword of the code running now (Apex
 * Developer Guide, "Use the with sharing, without sharing, and inherited sharing Keywords") and
 * the access mode an operation without `WITH USER_MODE`/`AccessLevel` gets ("Set an Access Mode
 * for Database Operations"). Both are versioned: from API version 67.0 a class without a keyword
 * runs with sharing and database operations default to user mode; before it, a class without a
 * keyword runs in its caller's mode (without sharing at the entry point) and operations default to
 * system mode. Triggers always run without sharing, in system mode; anonymous Apex runs with the
 * current user's sharing.
 */
import type { ClassInfo, Frame } from './model';

/** The sharing mode and default access mode where a database operation is issued. */
export interface AccessContext {
  /** Record sharing applies (user mode always applies it). */
  withSharing: boolean;
  /** An operation without an explicit access mode runs in user mode. */
  userModeDefault: boolean;
}

/** The first API version whose classes default to with sharing and to user-mode operations. */
export const SECURE_DEFAULTS_API_VERSION = 67;

type Keyword = 'with' | 'without' | 'inherited' | 'none';

const keywords = new WeakMap<ClassInfo, Keyword>();

/** The sharing keyword of a class; a class without one takes its superclass's. */
function keywordOf(cls: ClassInfo): Keyword {
  const cached = keywords.get(cls);
  if (cached) return cached;
  const words = cls.decl?.kind === 'class' ? cls.decl.mods.keywords : [];
  let k: Keyword = words.includes('with sharing')
    ? 'with'
    : words.includes('without sharing')
      ? 'without'
      : words.includes('inherited sharing')
        ? 'inherited'
        : 'none';
  if (k === 'none' && cls.superclass) k = keywordOf(cls.superclass);
  keywords.set(cls, k);
  return k;
}

/** What one frame says: a decision, or `defer` to its caller (inherited, or no keyword before 67.0). */
function frameMode(
  f: Frame,
): { sharing: boolean | 'defer' | 'inherited'; userMode: boolean } | null {
  if (f.label.startsWith('Trigger.')) return { sharing: false, userMode: false };
  const unit = f.owner?.unit;
  if (f.label === 'AnonymousBlock' || unit?.kind === 'anonymous')
    return { sharing: true, userMode: true };
  if (!f.owner) return null;
  const secure = (unit?.apiVersion ?? 0) >= SECURE_DEFAULTS_API_VERSION;
  const k = keywordOf(f.owner);
  const sharing =
    k === 'with' || (k === 'none' && secure)
      ? true
      : k === 'without'
        ? false
        : k === 'inherited'
          ? 'inherited'
          : 'defer';
  return { sharing, userMode: secure };
}

/** The access context of the innermost frame of `stack` that has one. */
export function accessContext(stack: readonly Frame[]): AccessContext {
  let userModeDefault: boolean | undefined;
  let entry: boolean | 'defer' | 'inherited' = 'defer';
  for (let i = stack.length - 1; i >= 0; i--) {
    const mode = frameMode(stack[i]);
    if (!mode) continue;
    userModeDefault ??= mode.userMode;
    if (typeof mode.sharing === 'boolean') {
      return { withSharing: mode.sharing, userModeDefault };
    }
    entry = mode.sharing;
  }
  // the entry point: inherited sharing runs with sharing there, no keyword without
  return { withSharing: entry === 'inherited', userModeDefault: userModeDefault ?? false };
}
