/**
 * Apex REST: `@RestResource(urlMapping='/x/*')` classes answering
 * `/services/apexrest/<path>` with their `@HttpGet` … `@HttpDelete` methods, as the platform
 * does: URL matching (an exact mapping wins, else the longest matching wildcard mapping; a
 * namespaced path `/<ns>/x` first), the request body deserialised into the method's
 * parameters or kept as `RestRequest.requestBody`, the return value serialised as JSON, and
 * the platform's error bodies (404 `NOT_FOUND`, 405 `METHOD_NOT_ALLOWED`, 400
 * `JSON_PARSER_ERROR`, 500 `APEX_ERROR`).
 */
import type { Interpreter } from '../../interp/interpreter';
import type { ClassInfo, MethodInfo } from '../../interp/model';
import { ApexBlob, ApexError, ApexMap, type Value } from '../../runtime/values';
import { parseJson, type JsonNode } from '../../runtime/stdlib/json-lexer';
import { typed } from '../../runtime/stdlib/json-convert';
import { serialize } from '../../runtime/stdlib/json-writer';
import { runEntry } from '../entry';
import {
  newRestRequest,
  newRestResponse,
  setRestContext,
  stringMap,
  type RestResponseState,
} from './context';

export interface RestCallRequest {
  /** `GET`, `HEAD`, `POST`, `PUT`, `PATCH` or `DELETE`. */
  method: string;
  /** What follows `/services/apexrest`, with an optional query string: `/conduit/v1/push/x?a=1`. */
  path: string;
  headers?: Record<string, string>;
  /** The request body (JSON for methods with parameters). */
  body?: string;
  /** Run as this User; the org's running user otherwise. */
  userId?: string;
  /** `RestRequest.remoteAddress` (default `127.0.0.1`). */
  remoteAddress?: string;
}

export interface RestCallResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const METHOD_ANNOTATIONS: Record<string, string> = {
  DELETE: 'httpdelete',
  GET: 'httpget',
  PATCH: 'httppatch',
  POST: 'httppost',
  PUT: 'httpput',
};

const JSON_TYPE = 'application/json;charset=UTF-8';

function errorResponse(status: number, errorCode: string, message: string): RestCallResponse {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE },
    body: JSON.stringify([{ errorCode, message }]),
  };
}

interface Resource {
  cls: ClassInfo;
  mapping: string;
}

/** The `@RestResource` classes of the org with their URL mappings. */
function resources(interp: Interpreter): Resource[] {
  const out: Resource[] = [];
  for (const cls of interp.classes.values()) {
    if (cls.outer || cls.decl?.kind !== 'class') continue;
    const a = cls.decl.mods.annotations.find((x) => x.name === 'restresource');
    const raw = a?.params.urlmapping;
    if (raw) out.push({ cls, mapping: raw.replace(/^'|'$/g, '') });
  }
  return out;
}

/** Does a URL mapping match a path? `*` matches anything; `/x/*` also matches `/x`. */
function matches(mapping: string, path: string): boolean {
  if (mapping.endsWith('/*') && path === mapping.slice(0, -2)) return true;
  const pattern = mapping
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(path);
}

/** The platform's choice: an exact mapping, else the longest matching wildcard mapping. */
function route(all: Resource[], path: string): Resource | null {
  const exact = all.find((r) => !r.mapping.includes('*') && r.mapping === path);
  if (exact) return exact;
  const wild = all.filter((r) => r.mapping.includes('*') && matches(r.mapping, path));
  return wild.sort((a, b) => b.mapping.length - a.mapping.length)[0] ?? null;
}

function handlerOf(cls: ClassInfo, annotation: string): MethodInfo | null {
  for (const ms of cls.methods.values())
    for (const m of ms) if (m.isStatic && m.annotations.includes(annotation)) return m;
  return null;
}

/** `GET,HEAD,POST`: the methods a resource answers, for the 405 message. */
function allowed(cls: ClassInfo): string[] {
  const out: string[] = [];
  for (const [verb, annotation] of Object.entries(METHOD_ANNOTATIONS)) {
    if (!handlerOf(cls, annotation)) continue;
    out.push(verb);
    if (verb === 'GET') out.push('HEAD');
  }
  return out.sort();
}

/** A request body the method's parameters cannot be read from (a 400 answer). */
class BadBody extends Error {}

/** The method's arguments from a JSON object body, by parameter name. */
function argumentsOf(interp: Interpreter, m: MethodInfo, body: string): Value[] {
  if (!m.params.length) return [];
  try {
    const node: JsonNode = body.trim() ? parseJson(body) : { t: 'object', entries: [] };
    if (node.t !== 'object') throw new BadBody("Expected '{' at the beginning of the body");
    return m.params.map((p) => {
      const entry = node.entries.find(([k]) => k.toLowerCase() === p.name.toLowerCase());
      const type = interp.canonicalType(p.type, m.owner);
      return entry ? typed(interp, entry[1], type, { strict: false }) : null;
    });
  } catch (e) {
    throw e instanceof ApexError ? new BadBody(e.message) : e;
  }
}

function headersOf(map: Value): Record<string, string> {
  const out: Record<string, string> = {};
  if (map instanceof ApexMap)
    for (const [k, v] of map.entries.values()) out[String(k)] = v === null ? '' : String(v);
  return out;
}

/**
 * Answer one Apex REST request as its own transaction. Errors of localorg itself
 * (`NotSupportedError`) are thrown, not answered.
 */
export function restCall(
  interp: Interpreter,
  namespace: string | null,
  request: RestCallRequest,
): RestCallResponse {
  const verb = request.method.toUpperCase();
  const [rawPath, query = ''] = request.path.split(/\?(.*)/s, 2);
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const all = resources(interp);
  const nsPrefix = namespace ? `/${namespace}/` : null;
  const nsPath = nsPrefix && path.startsWith(nsPrefix) ? path.slice(nsPrefix.length - 1) : null;
  const nsRoute = nsPath ? route(all, nsPath) : null;
  const resource = nsRoute ?? route(all, path);
  if (!resource) return errorResponse(404, 'NOT_FOUND', `Could not find a match for URL ${path}`);
  const m = handlerOf(resource.cls, METHOD_ANNOTATIONS[verb === 'HEAD' ? 'GET' : verb] ?? '');
  if (!m)
    return errorResponse(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${verb}' not allowed. Allowed are ${allowed(resource.cls).join(',')}`,
    );
  const body = request.body ?? '';
  const resourcePath = `/services/apexrest${nsRoute ? `/${namespace}` : ''}${resource.mapping}`;
  try {
    return runEntry(interp, { userId: request.userId }, () => {
      const args = argumentsOf(interp, m, body);
      const req = newRestRequest(interp, {
        httpMethod: verb,
        requestURI: path,
        resourcePath,
        remoteAddress: request.remoteAddress ?? '127.0.0.1',
        requestBody: m.params.length ? null : new ApexBlob(new TextEncoder().encode(body)),
        params: stringMap(interp, [...new URLSearchParams(query)]),
        headers: stringMap(interp, Object.entries(request.headers ?? {})),
      });
      const res = newRestResponse(interp);
      setRestContext(interp, req, res);
      const result = interp.invokeStatic(m, args);
      return responseOf(interp, m, result, res.state, verb === 'HEAD');
    });
  } catch (e) {
    if (e instanceof BadBody) return errorResponse(400, 'JSON_PARSER_ERROR', e.message);
    const d = interp.describeThrow(interp.toThrow(e));
    return errorResponse(500, 'APEX_ERROR', `${d.type}: ${d.message}\n\n${d.trace}`);
  }
}

function responseOf(
  interp: Interpreter,
  m: MethodInfo,
  result: Value,
  res: RestResponseState,
  head: boolean,
): RestCallResponse {
  const headers = headersOf(res.headers);
  let body = '';
  if (m.ret) {
    body = serialize(interp, result, false);
    headers['Content-Type'] ??= JSON_TYPE;
  } else if (res.responseBody instanceof ApexBlob) {
    body = new TextDecoder().decode(res.responseBody.bytes);
  }
  const status = typeof res.statusCode === 'number' ? res.statusCode : 200;
  return { status, headers, body: head ? '' : body };
}
