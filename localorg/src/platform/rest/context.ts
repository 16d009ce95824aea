/**
 * Apex REST's standard classes: `RestContext` (the request and response of the current
 * transaction), `RestRequest` and `RestResponse`.
 */
import type { NativeClass, NativeProp, Runtime } from '../../runtime/native';
import {
  ApexBlob,
  ApexError,
  ApexMap,
  NativeObject,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { Platform } from '../services';

export interface RestRequestState {
  httpMethod: Value;
  requestURI: Value;
  resourcePath: Value;
  requestBody: Value;
  remoteAddress: Value;
  params: Value;
  headers: Value;
}

export interface RestResponseState {
  statusCode: Value;
  responseBody: Value;
  headers: Value;
}

/** A `Map<String, String>` with the given entries. */
export function stringMap(rt: Runtime, entries: [string, string][] = []): ApexMap {
  const m = new ApexMap(typeRef('String'), typeRef('String'));
  for (const [k, v] of entries) m.entries.set(rt.hashKey(k), [k, v]);
  return m;
}

export function newRestRequest(rt: Runtime, init: Partial<RestRequestState> = {}): NativeObject {
  return new NativeObject<RestRequestState>('RestRequest', {
    httpMethod: null,
    requestURI: null,
    resourcePath: null,
    requestBody: null,
    remoteAddress: null,
    params: stringMap(rt),
    headers: stringMap(rt),
    ...init,
  });
}

export function newRestResponse(rt: Runtime): NativeObject<RestResponseState> {
  return new NativeObject<RestResponseState>('RestResponse', {
    statusCode: null,
    responseBody: null,
    headers: stringMap(rt),
  });
}

/** The `RestContext` of one transaction, keyed by its limits (a new object per transaction). */
const contexts = new WeakMap<object, { request: Value; response: Value }>();

function contextOf(rt: Runtime): { request: Value; response: Value } {
  const key = (rt.platform as Platform).limits;
  let ctx = contexts.get(key);
  if (!ctx) contexts.set(key, (ctx = { request: null, response: null }));
  return ctx;
}

/** Set `RestContext.request` and `RestContext.response` of the current transaction. */
export function setRestContext(rt: Runtime, request: Value, response: Value): void {
  Object.assign(contextOf(rt), { request, response });
}

function prop<S>(key: keyof S & string, check?: (v: Value) => void): NativeProp {
  return {
    get: (_rt, self) => (self as NativeObject<S>).state[key] as Value,
    set: (_rt, self, v) => {
      check?.(v);
      ((self as NativeObject<S>).state as Record<string, Value>)[key] = v;
    },
  };
}

function blob(v: Value): void {
  if (v !== null && !(v instanceof ApexBlob))
    throw new ApexError('System.TypeException', 'Illegal assignment: the body must be a Blob');
}

function put(rt: Runtime, map: Value, args: Value[]): Value {
  const [k, v] = args;
  if (map instanceof ApexMap && typeof k === 'string')
    map.entries.set(rt.hashKey(k), [k, typeof v === 'string' ? v : null]);
  return null;
}

export const restClasses: NativeClass[] = [
  {
    name: 'RestContext',
    staticProps: {
      request: (rt) => contextOf(rt).request,
      response: (rt) => contextOf(rt).response,
    },
    staticSetters: {
      request: (rt, v) => void (contextOf(rt).request = v),
      response: (rt, v) => void (contextOf(rt).response = v),
    },
  },
  {
    name: 'RestRequest',
    construct: (rt) => newRestRequest(rt),
    props: {
      httpmethod: prop<RestRequestState>('httpMethod'),
      requesturi: prop<RestRequestState>('requestURI'),
      resourcepath: prop<RestRequestState>('resourcePath'),
      requestbody: prop<RestRequestState>('requestBody', blob),
      remoteaddress: prop<RestRequestState>('remoteAddress'),
      params: prop<RestRequestState>('params'),
      headers: prop<RestRequestState>('headers'),
    },
    methods: {
      addheader: (rt, args, self) =>
        put(rt, (self as NativeObject<RestRequestState>).state.headers, args),
      addparameter: (rt, args, self) =>
        put(rt, (self as NativeObject<RestRequestState>).state.params, args),
    },
  },
  {
    name: 'RestResponse',
    construct: (rt) => newRestResponse(rt),
    props: {
      statuscode: prop<RestResponseState>('statusCode'),
      responsebody: prop<RestResponseState>('responseBody', blob),
      headers: { get: (_rt, self) => (self as NativeObject<RestResponseState>).state.headers },
    },
    methods: {
      addheader: (rt, args, self) =>
        put(rt, (self as NativeObject<RestResponseState>).state.headers, args),
    },
  },
];
