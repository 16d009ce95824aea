/**
 * `AppLauncher.AppMenu` (Apex Reference Guide, "AppMenu Class"; Object Reference,
 * "AppMenuItem"): the org's App Launcher order and visibility, kept on the `AppMenuItem` rows of
 * the project's apps in the running transaction. `SortOrder` only orders the apps ("the index
 * value that controls where this item appears"): localorg numbers them from 1 in the order
 * given. A user's own order (`setUserSortOrder`, UserAppMenuItem) is not modelled.
 */
import type { NativeClass, Runtime } from '../../runtime/native';
import { ApexError, ApexList, NotSupportedError, type Value } from '../../runtime/values';
import { to18OrNull } from '../../runtime/ids';
import { serviceOf } from './describe';

/** Set `field` on the AppMenuItem rows whose ApplicationId is one of `appIds`. */
function setOnItems(rt: Runtime, appIds: Value[], field: string, valueAt: (i: number) => Value) {
  const svc = serviceOf(rt);
  svc.metadataRows.sync('AppMenuItem');
  const table = svc.store.table('AppMenuItem');
  appIds.forEach((raw, i) => {
    const appId = typeof raw === 'string' ? to18OrNull(raw) : null;
    const entry = [...table.rows].find(([, row]) => row.get('applicationid') === appId);
    if (!entry)
      throw new NotSupportedError(`AppLauncher.AppMenu with ${String(raw)}, no app of the project`);
    const next = new Map(entry[1]);
    next.set(field, valueAt(i));
    svc.store.put(table, entry[0], next);
  });
}

export const appMenuClass: NativeClass = {
  name: 'AppMenu',
  namespace: 'AppLauncher',
  statics: {
    setorgsortorder: (rt, a) => {
      const ids = a[0];
      if (!(ids instanceof ApexList))
        throw new ApexError('System.NullPointerException', 'Argument cannot be null');
      setOnItems(rt, ids.items, 'sortorder', (i) => i + 1);
      return null;
    },
    setappvisibility: (rt, a) => {
      setOnItems(rt, [a[0] ?? null], 'isvisible', () => a[1] === true);
      return null;
    },
    setusersortorder: () => {
      throw new NotSupportedError('AppLauncher.AppMenu.setUserSortOrder (UserAppMenuItem)');
    },
  },
};
