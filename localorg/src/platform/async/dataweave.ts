/**
 * DataWeave in Apex (Apex Reference Guide, "DataWeave Namespace") runs scripts deployed with
 * the project on the platform's DataWeave runtime; an offline org has none, so it is refused
 * with a message that names it.
 */
import type { NativeClass } from '../../runtime/native';
import { NotSupportedError } from '../../runtime/values';

export const dataWeaveClasses: NativeClass[] = [
  {
    name: 'Script',
    namespace: 'DataWeave',
    statics: {
      createscript: () => {
        throw new NotSupportedError('DataWeave in Apex (DataWeave.Script.createScript)');
      },
    },
  },
];
