/** The Apex standard library classes implemented in TypeScript (String, Decimal, Date, JSON …). */
import type { NativeClass } from '../native';

export const stdlibClasses: NativeClass[] = [];
