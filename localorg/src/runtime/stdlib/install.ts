/**
 * Package install scripts: `System.Version`, the `InstallContext` an `InstallHandler` receives,
 * and `Test.testInstall(handler, previousVersion[, isPush])`, which runs `onInstall` as the
 * platform's install does in a test.
 */
import type { NativeClass, Runtime } from '../native';
import { ApexError, NativeObject, type ApexObject, type Value } from '../values';

interface VersionState {
  major: number;
  minor: number;
  patch: number | null;
}

interface InstallState {
  previous: Value;
  isPush: boolean;
  orgId: string;
  userId: string;
}

function versionOf(v: Value): VersionState {
  if (!(v instanceof NativeObject) || v.typeName !== 'System.Version') {
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  }
  return v.state as VersionState;
}

function whole(v: Value | undefined, what: string): number {
  if (typeof v !== 'number' || v < 0) {
    throw new ApexError(
      'System.InvalidParameterValueException',
      `Invalid version ${what}: ${String(v)}`,
    );
  }
  return v;
}

export const versionClass: NativeClass = {
  name: 'Version',
  construct: (_rt, args) =>
    new NativeObject<VersionState>('System.Version', {
      major: whole(args[0], 'major'),
      minor: whole(args[1], 'minor'),
      patch: args.length > 2 ? whole(args[2], 'patch') : null,
    }),
  methods: {
    major: (_rt, _a, self) => versionOf(self).major,
    minor: (_rt, _a, self) => versionOf(self).minor,
    patch: (_rt, _a, self) => versionOf(self).patch,
    compareto: (_rt, a, self) => {
      const x = versionOf(self);
      const y = versionOf(a[0] ?? null);
      return Math.sign(x.major - y.major || x.minor - y.minor || (x.patch ?? 0) - (y.patch ?? 0));
    },
    tostring: (_rt, _a, self) => {
      const v = versionOf(self);
      return v.patch === null ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.patch}`;
    },
  },
};

const state = (self: Value) => (self as NativeObject<InstallState>).state;

export const installContextClass: NativeClass = {
  name: 'InstallContext',
  methods: {
    organizationid: (_rt, _a, self) => state(self).orgId,
    installerid: (_rt, _a, self) => state(self).userId,
    isupgrade: (_rt, _a, self) => state(self).previous !== null,
    ispush: (_rt, _a, self) => state(self).isPush,
    previousversion: (_rt, _a, self) => state(self).previous,
  },
};

export const testInstallExtension: NativeClass = {
  name: 'Test',
  statics: {
    testinstall: (rt: Runtime, args) => {
      const handler = args[0] ?? null;
      if (handler === null || typeof handler !== 'object' || !('cls' in handler)) {
        throw new ApexError('System.NullPointerException', 'Argument cannot be null.');
      }
      const previous = args[1] ?? null;
      if (previous !== null) versionOf(previous);
      const context = new NativeObject<InstallState>('System.InstallContext', {
        previous,
        isPush: args[2] === true,
        orgId: rt.user.orgId,
        userId: rt.user.id,
      });
      rt.invokeMethod(handler as ApexObject, 'onInstall', [context]);
      return null;
    },
  },
};
