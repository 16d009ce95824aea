/**
 * `System.URL` (Apex Reference Guide, "URL Class"), with Java's `java.net.URL` answers: a port
 * that is not given is -1, a missing query or reference is null, `getFile()` is the path and
 * query. The org's own URLs (`getOrgDomainUrl()`, `getCurrentRequestUrl()`) are refused: an
 * offline org has no domain.
 */
import type { NativeClass } from '../native';
import { NativeObject, NotSupportedError, type Value } from '../values';

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21 };

interface UrlState {
  readonly url: URL;
  /** No path after the authority (`https://example.com`): Java keeps the path empty. */
  readonly bare: boolean;
}

function parse(spec: string, base?: URL): NativeObject<UrlState> {
  try {
    const url = new URL(spec, base);
    const bare = !base && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([?#]|$)/i.test(spec);
    return new NativeObject('System.URL', { url, bare });
  } catch {
    throw new NotSupportedError(`malformed URL ${spec} (the platform's exception is not modelled)`);
  }
}

const stateOf = (v: Value) => (v as NativeObject<UrlState>).state;
const urlOf = (v: Value) => stateOf(v).url;
const pathOf = (v: Value) => (stateOf(v).bare ? '' : urlOf(v).pathname);
const external = (v: Value) =>
  stateOf(v).bare ? urlOf(v).href.replace(`${urlOf(v).host}/`, urlOf(v).host) : urlOf(v).href;
const protocol = (u: URL) => u.protocol.replace(/:$/, '');
const orNull = (s: string) => (s === '' ? null : s);

function construct(a: Value[]): NativeObject<UrlState> {
  const s = a.map((x) => (x === null || x === undefined ? '' : x));
  if (a.length === 1) return parse(String(s[0]));
  if (a.length === 2) return parse(String(s[1]), urlOf(a[0] ?? null));
  const port = a.length === 4 ? `:${String(s[2])}` : '';
  return parse(`${String(s[0])}://${String(s[1])}${port}${String(s[a.length - 1])}`);
}

const userInfo = (u: URL) => orNull([u.username, u.password].filter((x) => x !== '').join(':'));

const refuse = (what: string) => () => {
  throw new NotSupportedError(`URL.${what}() (an offline org has no domain)`);
};

export const urlClass: NativeClass = {
  name: 'URL',
  construct: (_rt, a) => construct(a),
  statics: {
    getorgdomainurl: refuse('getOrgDomainUrl'),
    getsalesforcebaseurl: refuse('getSalesforceBaseUrl'),
    getcurrentrequesturl: refuse('getCurrentRequestUrl'),
    getfilefieldurl: refuse('getFileFieldURL'),
  },
  methods: {
    getprotocol: (_rt, _a, s) => protocol(urlOf(s)),
    gethost: (_rt, _a, s) => urlOf(s).hostname,
    getport: (_rt, _a, s) => (urlOf(s).port === '' ? -1 : Number(urlOf(s).port)),
    getdefaultport: (_rt, _a, s) => DEFAULT_PORTS[protocol(urlOf(s))] ?? -1,
    getpath: (_rt, _a, s) => pathOf(s),
    getquery: (_rt, _a, s) => orNull(urlOf(s).search.replace(/^\?/, '')),
    getref: (_rt, _a, s) => orNull(urlOf(s).hash.replace(/^#/, '')),
    getfile: (_rt, _a, s) => `${pathOf(s)}${urlOf(s).search}`,
    getauthority: (_rt, _a, s) => {
      const user = userInfo(urlOf(s));
      return user === null ? urlOf(s).host : `${user}@${urlOf(s).host}`;
    },
    getuserinfo: (_rt, _a, s) => userInfo(urlOf(s)),
    samefile: (_rt, a, s) => {
      const other = a[0] instanceof NativeObject ? urlOf(a[0]) : null;
      return other !== null && external(a[0] ?? null).split('#')[0] === external(s).split('#')[0];
    },
    toexternalform: (_rt, _a, s) => external(s),
    tostring: (_rt, _a, s) => external(s),
  },
};
