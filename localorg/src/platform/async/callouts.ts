/**
 * HTTP callouts: `HttpRequest`, `HttpResponse`, `Http.send`, `Test.setMock` with
 * `HttpCalloutMock`, `StaticResourceCalloutMock` and `MultiStaticResourceCalloutMock`, Named
 * Credentials (`callout:Name/path`), Remote Site Settings and the platform's callout rules.
 */
import type { NativeClass, Runtime } from '../../runtime/native';
import {
  ApexBlob,
  ApexError,
  ApexList,
  NativeObject,
  NotSupportedError,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { GovernorLimits } from '../limits';
import type { HookResponse } from '../hooks';
import { asyncOf, isTest, platformOf, requireArg } from './context';
import type { AsyncService } from './service';
import { workerTransport, type CalloutTransport, type TransportResult } from './transport';

export type { CalloutTransport } from './transport';

const MAX_TIMEOUT_MS = 120_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'TRACE', 'OPTIONS']);

type Body = string | Uint8Array | null;

/** Case-preserving headers looked up case-insensitively, as HTTP headers are. */
class Headers {
  readonly entries = new Map<string, [string, string]>();

  set(key: string, value: string): void {
    this.entries.set(key.toLowerCase(), [key, value]);
  }

  get(key: string): string | null {
    return this.entries.get(key.toLowerCase())?.[1] ?? null;
  }

  keys(): string[] {
    return [...this.entries.values()].map(([k]) => k);
  }

  pairs(): [string, string][] {
    return [...this.entries.values()];
  }
}

export interface HttpRequestState {
  endpoint: string | null;
  method: string | null;
  body: Body;
  headers: Headers;
  timeout: number;
  compressed: boolean;
}

export interface HttpResponseState {
  statusCode: number;
  status: string | null;
  body: Body;
  headers: Headers;
}

export interface StaticMockState {
  resource: string | null;
  resources: Map<string, string>;
  statusCode: number;
  status: string | null;
  headers: Headers;
}

const utf8 = new TextDecoder();

function bodyText(b: Body): string | null {
  if (b === null) return null;
  return typeof b === 'string' ? b : utf8.decode(b);
}

function bodyBytes(b: Body): Uint8Array | null {
  if (b === null) return null;
  return typeof b === 'string' ? new TextEncoder().encode(b) : b;
}

export function newHttpRequest(): NativeObject<HttpRequestState> {
  return new NativeObject<HttpRequestState>('HttpRequest', {
    endpoint: null,
    method: null,
    body: null,
    headers: new Headers(),
    timeout: DEFAULT_TIMEOUT_MS,
    compressed: false,
  });
}

export function newHttpResponse(): NativeObject<HttpResponseState> {
  return new NativeObject<HttpResponseState>('HttpResponse', {
    statusCode: 0,
    status: null,
    body: null,
    headers: new Headers(),
  });
}

/** The response a hook answered a callout with. */
function hookResponse(answer: HookResponse): NativeObject<HttpResponseState> {
  const res = newHttpResponse();
  res.state.statusCode = answer.statusCode;
  res.state.status = answer.status ?? null;
  res.state.body = answer.body ?? null;
  for (const [k, v] of Object.entries(answer.headers ?? {})) res.state.headers.set(k, v);
  return res;
}

function calloutException(message: string): ApexError {
  return new ApexError('System.CalloutException', message);
}

function state<S>(self: Value, typeName: string): S {
  if (!(self instanceof NativeObject) || self.typeName !== typeName) {
    throw new Error(`expected a ${typeName}`);
  }
  return self.state as S;
}

const str = (v: Value | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

export class CalloutService {
  private mock: Value = null;
  private readonly elapsed = new WeakMap<GovernorLimits, number>();
  private transport: CalloutTransport | null;
  /** Every request sent for real (outside tests), for the dev server's log. */
  readonly sent: { method: string; url: string; status: number | null }[] = [];

  constructor(private readonly svc: AsyncService) {
    this.transport = svc.options.transport ?? null;
  }

  /** `Test.setMock(HttpCalloutMock.class, mock)`. */
  setMock(typeName: string, mock: Value): void {
    const t = typeName.toLowerCase().replace(/^system\./, '');
    if (t === 'httpcalloutmock') {
      this.mock = mock;
      return;
    }
    throw new NotSupportedError(`Test.setMock(${typeName}.class, …)`);
  }

  resetTest(): void {
    this.mock = null;
  }

  /** `new Http().send(request)`. */
  send(rt: Runtime, request: Value): Value {
    requireArg(request);
    const req = state<HttpRequestState>(request, 'HttpRequest');
    const ctx = this.svc.current();
    if (ctx?.kind === 'scheduled') {
      throw calloutException('Callout from scheduled Apex not supported');
    }
    if (ctx?.kind === 'eventTrigger') {
      throw calloutException('Callout from triggers are currently not supported.');
    }
    if (ctx && !ctx.allowsCallouts) {
      throw calloutException(
        'Callout not allowed from this future method. Please enable callout by annotating the future method. eg: @Future(callout=true)',
      );
    }
    const test = isTest(rt);
    if (test && this.mock === null) {
      throw new ApexError(
        'System.TypeException',
        'Methods defined as TestMethod do not support Web service callouts',
      );
    }
    const platform = platformOf(rt);
    if (platform.hasUncommittedWork?.() || (!test && this.svc.hasPendingWork())) {
      throw calloutException(
        'You have uncommitted work pending. Please commit or rollback before calling out',
      );
    }
    platform.limits.consume('callouts');
    if (req.method === null || !METHODS.has(req.method.toUpperCase())) {
      throw calloutException(`Invalid HTTP method: ${req.method}`);
    }
    const method = req.method.toUpperCase();
    const outcome = this.svc.hooks.before({
      kind: 'callout',
      method,
      endpoint: req.endpoint ?? '',
    });
    if (outcome?.response) return hookResponse(outcome.response);
    if (test) return this.respondFromMock(rt, request);
    return this.sendReal(rt, req, platform.limits);
  }

  private respondFromMock(rt: Runtime, request: Value): Value {
    const mock = this.mock;
    if (mock instanceof NativeObject && mock.typeName === 'StaticResourceCalloutMock') {
      return this.staticResponse(mock.state as StaticMockState, null);
    }
    if (mock instanceof NativeObject && mock.typeName === 'MultiStaticResourceCalloutMock') {
      const endpoint = state<HttpRequestState>(request, 'HttpRequest').endpoint ?? '';
      return this.staticResponse(mock.state as StaticMockState, endpoint);
    }
    return this.svc.invoker.invoke(mock, 'respond', [request]);
  }

  staticResponse(mock: StaticMockState, endpoint: string | null): Value {
    const name = endpoint === null ? mock.resource : (mock.resources.get(endpoint) ?? null);
    if (name === null) {
      throw new NotSupportedError(
        endpoint === null
          ? 'StaticResourceCalloutMock without setStaticResource'
          : `MultiStaticResourceCalloutMock has no resource for endpoint ${endpoint}`,
      );
    }
    const resource = this.svc.project.staticResource(name);
    if (!resource) throw new NotSupportedError(`static resource ${name} not found in the project`);
    const res = newHttpResponse();
    res.state.statusCode = mock.statusCode;
    res.state.status = mock.status;
    res.state.body = resource.body;
    for (const [k, v] of mock.headers.pairs()) res.state.headers.set(k, v);
    return res;
  }

  /** The URL a request goes to outside tests, with Named Credential and Remote Site rules. */
  resolveEndpoint(endpoint: string | null): string {
    if (endpoint === null || endpoint === '') {
      throw new NotSupportedError('a callout without an endpoint');
    }
    const nc = /^callout:([^/?]+)(.*)$/i.exec(endpoint);
    if (nc) {
      const [, name, rest] = nc;
      if (!this.svc.project.namedCredential(name)) {
        throw calloutException(
          `The callout couldn't access the endpoint. You might not have the required permissions, or the named credential "${name}" might not exist.`,
        );
      }
      const base =
        this.svc.options.credentials?.[name] ?? this.svc.project.localCredentials()[name];
      if (!base) {
        throw calloutException(
          `localorg: named credential "${name}" has no local URL; map it in .localorg/credentials.json`,
        );
      }
      return base.replace(/\/+$/, '') + rest;
    }
    if (!/^https?:\/\//i.test(endpoint)) throw calloutException(`no protocol: ${endpoint}`);
    const target = new URL(endpoint);
    const allowed = this.svc.project.remoteSites().some((site) => {
      if (!site.isActive || !site.url) return false;
      const u = new URL(site.url);
      return (
        u.protocol === target.protocol &&
        u.hostname.toLowerCase() === target.hostname.toLowerCase() &&
        u.port === target.port
      );
    });
    if (!allowed) {
      throw calloutException(
        `Unauthorized endpoint, please check Setup->Security->Remote site settings. endpoint = ${endpoint}`,
      );
    }
    return endpoint;
  }

  private sendReal(rt: Runtime, req: HttpRequestState, limits: GovernorLimits): Value {
    const url = this.resolveEndpoint(req.endpoint);
    const used = this.elapsed.get(limits) ?? 0;
    const budget = Math.min(req.timeout, MAX_TIMEOUT_MS - used);
    if (budget <= 0) {
      throw calloutException(`Exceeded maximum time allotted for callout (${MAX_TIMEOUT_MS} ms)`);
    }
    const bytes = bodyBytes(req.body);
    this.transport ??= workerTransport();
    const started = Date.now();
    let result: TransportResult;
    try {
      result = this.transport.send({
        url,
        method: req.method!.toUpperCase(),
        headers: req.headers.pairs(),
        body: bytes === null ? null : Buffer.from(bytes).toString('base64'),
        timeoutMs: budget,
      });
    } finally {
      this.elapsed.set(limits, used + (Date.now() - started));
    }
    this.sent.push({
      method: req.method!.toUpperCase(),
      url,
      status: result.ok ? result.status : null,
    });
    if (!result.ok) {
      throw calloutException(result.kind === 'timeout' ? 'Read timed out' : result.message);
    }
    const res = newHttpResponse();
    res.state.statusCode = result.status;
    res.state.status = result.statusText;
    res.state.body = new Uint8Array(Buffer.from(result.body, 'base64'));
    for (const [k, v] of result.headers) res.state.headers.set(k, v);
    return res;
  }
}

function staticMockClass(name: string, multi: boolean): NativeClass {
  const st = (self: Value) => state<StaticMockState>(self, name);
  return {
    name,
    construct: () =>
      new NativeObject<StaticMockState>(name, {
        resource: null,
        resources: new Map(),
        statusCode: 200,
        status: null,
        headers: new Headers(),
      }),
    methods: {
      setstaticresource: (_rt, args, self) => {
        if (multi) st(self).resources.set(String(args[0]), String(args[1]));
        else st(self).resource = String(args[0]);
        return null;
      },
      setstatuscode: (_rt, args, self) => ((st(self).statusCode = Number(args[0])), null),
      setstatus: (_rt, args, self) => ((st(self).status = str(args[0])), null),
      setheader: (_rt, args, self) => (
        st(self).headers.set(String(args[0]), String(args[1])),
        null
      ),
      respond: (rt, args, self) =>
        asyncOf(rt).callouts.staticResponse(
          st(self),
          multi ? (state<HttpRequestState>(args[0], 'HttpRequest').endpoint ?? '') : null,
        ),
    },
  };
}

const req = (self: Value) => state<HttpRequestState>(self, 'HttpRequest');
const res = (self: Value) => state<HttpResponseState>(self, 'HttpResponse');

function blobOf(v: Value): Uint8Array | null {
  if (v === null) return null;
  if (!(v instanceof ApexBlob)) throw new Error('expected a Blob');
  return v.bytes;
}

export const calloutClasses: NativeClass[] = [
  {
    name: 'Http',
    construct: () => new NativeObject('Http', {}),
    methods: {
      send: (rt, args) => asyncOf(rt).callouts.send(rt, args[0] ?? null),
      tostring: () => 'System.Http',
    },
  },
  {
    name: 'HttpRequest',
    construct: () => newHttpRequest(),
    methods: {
      setendpoint: (_rt, a, s) => ((req(s).endpoint = str(a[0])), null),
      getendpoint: (_rt, _a, s) => req(s).endpoint,
      setmethod: (_rt, a, s) => ((req(s).method = str(a[0])), null),
      getmethod: (_rt, _a, s) => req(s).method,
      setbody: (_rt, a, s) => ((req(s).body = str(a[0])), null),
      getbody: (_rt, _a, s) => bodyText(req(s).body) ?? '',
      setbodyasblob: (_rt, a, s) => ((req(s).body = blobOf(a[0] ?? null)), null),
      getbodyasblob: (_rt, _a, s) => {
        const b = bodyBytes(req(s).body);
        return b === null ? null : new ApexBlob(b);
      },
      setheader: (_rt, a, s) => (req(s).headers.set(String(a[0]), String(a[1])), null),
      getheader: (_rt, a, s) => req(s).headers.get(String(a[0])),
      settimeout: (_rt, a, s) => {
        const ms = Number(a[0]);
        if (!Number.isInteger(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) {
          throw new NotSupportedError(`HttpRequest.setTimeout(${ms}) outside 1..${MAX_TIMEOUT_MS}`);
        }
        req(s).timeout = ms;
        return null;
      },
      setcompressed: (_rt, a, s) => ((req(s).compressed = a[0] === true), null),
      getcompressed: (_rt, _a, s) => req(s).compressed,
      tostring: (_rt, _a, s) =>
        `System.HttpRequest[Endpoint=${req(s).endpoint}, Method=${req(s).method}]`,
      setclientcertificatename: () => {
        throw new NotSupportedError('HttpRequest.setClientCertificateName');
      },
      setbodydocument: () => {
        throw new NotSupportedError('HttpRequest.setBodyDocument');
      },
    },
  },
  {
    name: 'HttpResponse',
    construct: () => newHttpResponse(),
    methods: {
      getstatuscode: (_rt, _a, s) => res(s).statusCode,
      setstatuscode: (_rt, a, s) => ((res(s).statusCode = Number(a[0])), null),
      getstatus: (_rt, _a, s) => res(s).status,
      setstatus: (_rt, a, s) => ((res(s).status = str(a[0])), null),
      getbody: (_rt, _a, s) => bodyText(res(s).body),
      setbody: (_rt, a, s) => ((res(s).body = str(a[0])), null),
      getbodyasblob: (_rt, _a, s) => {
        const b = bodyBytes(res(s).body);
        return b === null ? null : new ApexBlob(b);
      },
      setbodyasblob: (_rt, a, s) => ((res(s).body = blobOf(a[0] ?? null)), null),
      getheader: (_rt, a, s) => res(s).headers.get(String(a[0])),
      setheader: (_rt, a, s) => (res(s).headers.set(String(a[0]), String(a[1])), null),
      getheaderkeys: (_rt, _a, s) => new ApexList(typeRef('String'), res(s).headers.keys()),
      tostring: (_rt, _a, s) =>
        `System.HttpResponse[Status=${res(s).status}, StatusCode=${res(s).statusCode}]`,
      getbodydocument: () => {
        throw new NotSupportedError('HttpResponse.getBodyDocument');
      },
      getxmlstreamreader: () => {
        throw new NotSupportedError('HttpResponse.getXmlStreamReader');
      },
    },
  },
  staticMockClass('StaticResourceCalloutMock', false),
  staticMockClass('MultiStaticResourceCalloutMock', true),
];

/** `Test.setMock(type, mock)`: the type is whatever the interpreter passes for `X.class`. */
export function setMock(rt: Runtime, type: Value, mock: Value): void {
  const name = typeof type === 'string' ? type : rt.toApexString(type);
  asyncOf(rt).callouts.setMock(name, mock);
}
