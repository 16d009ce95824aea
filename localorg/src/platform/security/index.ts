/**
 * Users, permission sets and custom permissions (`FeatureManagement.checkPermission`).
 * `installPermissions` adds the setup objects and the project's permission sets to an org
 * database; `securityClasses` are the Apex natives.
 */
import type { NativeClass } from '../../runtime/native';
import { ApexError } from '../../runtime/values';
import { serviceOf } from '../data/describe';
import { hasCustomPermission } from './permissions';
import { stripClasses } from './strip';

export {
  assignPermissionSets,
  createUser,
  hasCustomPermission,
  installPermissions,
  readPermissionMetadata,
  type LocalUserSpec,
  type PermissionSetSource,
} from './permissions';

/**
 * `System.FeatureManagement`: `checkPermission` for the running user (`System.runAs` included);
 * `Security.stripInaccessible` with `SObjectAccessDecision` and `AccessType` (`strip.ts`).
 */
export const securityClasses: NativeClass[] = [
  ...stripClasses,
  {
    name: 'FeatureManagement',
    namespace: 'System',
    statics: {
      checkpermission: (rt, args) => {
        const name = args[0];
        if (typeof name !== 'string')
          throw new ApexError('System.NullPointerException', 'Argument cannot be null.');
        return hasCustomPermission(serviceOf(rt), rt.user.id, name);
      },
    },
  },
];
