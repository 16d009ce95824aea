/**
 * Connect in Apex (`ConnectApi`). Apex Developer Guide, "Testing ConnectApi Code": most of its
 * methods need real org data and fail in data-siloed tests, which OrgShape-style code relies on
 * to detect `@IsTest(SeeAllData=true)`; localorg answers that failure.
 *
 * Outside data-siloed tests, `ChatterUsers.getFollowings` answers (Apex Reference Guide,
 * "ChatterUsers Class", "ConnectApi.FollowingPage"): localorg has no Chatter, so nobody can
 * follow anything and every user's first page of followings is empty. Its page URLs are
 * refused rather than guessed. Every other Connect in Apex method is refused loudly: an offline
 * org has no feeds, groups or named credential API.
 */
import type { NativeClass, NativeFn } from '../../runtime/native';
import { ApexError, ApexList, NotSupportedError, typeRef } from '../../runtime/values';
import { isTest, platformOf } from './context';
import { propBag, propBagClass } from './records';

/** The ConnectApi classes foreign suites call. */
const CLASSES = ['ChatterUsers', 'ChatterFeeds', 'ChatterGroups', 'NamedCredentials'];

/** The first page of a user's followings: empty, nothing can be followed here. */
const emptyFollowings = () => ({
  following: new ApexList(typeRef('ConnectApi.Subscription'), []),
  total: 0,
});

/** The methods localorg answers, by class. */
const ANSWERED: Readonly<Record<string, Readonly<Record<string, NativeFn>>>> = {
  ChatterUsers: {
    getfollowings: () => propBag('ConnectApi.FollowingPage', emptyFollowings()),
  },
};

function call(className: string, method: string): NativeFn {
  return (rt, args, self) => {
    if (isTest(rt) && !platformOf(rt).seeAllData) {
      throw new ApexError(
        'System.UnsupportedOperationException',
        'ConnectApi methods are not supported in data siloed tests. Please use @IsTest(SeeAllData=true).',
      );
    }
    const answer = ANSWERED[className]?.[method];
    if (answer) return answer(rt, args, self);
    throw new NotSupportedError(`ConnectApi.${className}.${method}()`);
  };
}

/** Every static method of the class, whatever its name. */
function anyStatic(className: string): Readonly<Record<string, NativeFn>> {
  return new Proxy({} as Record<string, NativeFn>, {
    get: (_t, method) => (typeof method === 'string' ? call(className, method) : undefined),
  });
}

/** A page URL localorg cannot know: there is no Connect REST API behind it. */
function refusedUrl(name: string) {
  return {
    get: () => {
      throw new NotSupportedError(`ConnectApi.FollowingPage.${name}`);
    },
  };
}

const followingPage = propBagClass('FollowingPage', 'ConnectApi', emptyFollowings, {
  constructible: false,
  readOnly: true,
});

export const connectApiClasses: NativeClass[] = [
  ...CLASSES.map((name) => ({ name, namespace: 'ConnectApi', statics: anyStatic(name) })),
  {
    ...followingPage,
    props: {
      ...followingPage.props,
      currentpageurl: refusedUrl('currentPageUrl'),
      nextpageurl: refusedUrl('nextPageUrl'),
      previouspageurl: refusedUrl('previousPageUrl'),
    },
  },
];
