/**
 * The local Lightning app: an HTTP server (node:http) over one localorg org. It serves the shell
 * page, the compiled components (`bundle.ts`) and SLDS, answers the components' Apex calls by
 * running the real `@AuraEnabled` methods in the org, and runs the org's async jobs on the wall
 * clock, one work item at a time so that pages stay responsive between them.
 *
 * ```ts
 * const app = await startAppServer({ projectDir: '.', appLabel: 'Conduit', tabs, port: 3000 });
 * console.log(app.url);
 * await app.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { createLocalOrg, type LocalOrg } from '../localorg';
import { SystemClock } from '../platform/async/index';
import { readProject } from '../platform/data/load';
import type { DrainResult } from '../platform/async/service';
import { loadCustomLabels } from '../load/labels';
import type { AuraResult } from '../platform/aura/invoke';
import { hasCustomPermission, readPermissionMetadata } from '../platform/security';
import { appBundle, sldsAssetsDir, type AppTab, type Bundle } from './bundle';
import { KeptDeployments } from './kept-deployments';
import { findStaticResources } from './static-resources';
import type { PageConfig } from './client/platform';

export interface AppServerOptions {
  /** The SFDX project: every package directory of its `sfdx-project.json` is loaded. */
  projectDir: string;
  /** More package directories (tests' fixtures), relative to `projectDir` or absolute. */
  extraPackageDirs?: string[];
  /** The app's name in the navigation bar. */
  appLabel: string;
  /** A line shown beside the app's name on every page: what the local app does not keep, say. */
  notice?: string;
  /** The app's tabs, in order: each shows one component of the project. */
  tabs: AppTab[];
  /** Named Credential name → base URL of the local API its callouts go to. */
  credentials?: Record<string, string>;
  /** Permission sets of the running user: the custom permissions they enable are granted. */
  permissionSets?: string[];
  /** Port to listen on (0, the default: any free port) and interface (default 127.0.0.1). */
  port?: number;
  host?: string;
  /** Where progress is written (default: the console). */
  log?: (line: string) => void;
  /**
   * Where configuration deployed in the app (custom metadata deploys from Apex) is kept across
   * restarts (`kept-deployments.ts`); without it nothing is kept.
   */
  keptFile?: string;
  /** Runs once the org is loaded, before the server listens: demo data, say. */
  setup?: (local: LocalOrg) => void;
  /** Told after async work ran (a job, a batch chunk, an event delivery), e.g. to report runs. */
  onWorkRan?: (local: LocalOrg, result: DrainResult) => void;
  /** How often the job worker looks for due work when idle (default 250 ms). */
  workerIntervalMs?: number;
}

export interface AppServer {
  url: string;
  local: LocalOrg;
  /** The org's clock: the wall clock, which tests may move forward (`advance`, `set`). */
  clock: SystemClock;
  bundle: Pick<Bundle, 'built' | 'ms' | 'file'>;
  /** Milliseconds taken to load the org (parse, link, metadata). */
  orgMs: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.js': 'text/javascript; charset=utf-8',
};

/** Starts the app: loads the org, builds (or reads the cached) bundle, listens. */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const root = resolve(options.projectDir);
  const projectDir = options.extraPackageDirs?.length
    ? combinedProject(root, options.extraPackageDirs)
    : root;

  // the bundle builds in a child process while this one loads the org
  const project = readProject(projectDir);
  const bundling = appBundle(
    {
      packageDirs: project.packageDirs,
      namespace: project.namespace || null,
      tabs: options.tabs,
      cacheDir: join(root, '.localorg', 'app'),
    },
    log,
  );
  const orgStarted = Date.now();
  const clock = new SystemClock();
  const local = createLocalOrg({
    projectDir,
    clock,
    credentials: options.credentials,
    user: { permissionSets: options.permissionSets ?? [] },
  });
  const orgMs = Date.now() - orgStarted;
  log(`localorg: ${local.org.project.files.length} Apex files loaded in ${seconds(orgMs)}`);
  const kept = options.keptFile ? new KeptDeployments(options.keptFile) : null;
  const restored = kept?.restore(local) ?? 0;
  if (restored) {
    log(
      `kept: ${restored} configuration records deployed in earlier sessions, from ${kept!.file} (delete it to start from the project)`,
    );
  }
  options.setup?.(local);
  const bundle = await bundling;
  if (bundle.built) log(`app: built in ${seconds(bundle.ms)}`);

  const userId = local.org.runtime.user.id;
  const resources = findStaticResources(project.packageDirs);
  // the bundle's URL names its cache key: a browser keeps it (and V8 its compiled code) for as
  // long as the sources are unchanged, rather than fetching and compiling 7 MB on every page load
  const script = `/${basename(bundle.file)}`;
  const page = shellPage(script, {
    appLabel: options.appLabel,
    notice: options.notice ?? null,
    userId,
    namespace: project.namespace || null,
    customPermissions: readPermissionMetadata(project.packageDirs)
      .customPermissions.map((cp) => cp.name)
      .filter((name) => hasCustomPermission(local.data(), userId, name)),
    labels: Object.fromEntries(loadCustomLabels(projectDir, local.org.project.packageDirectories)),
    staticResources: [...resources.keys()],
  });
  const assets = sldsAssetsDir();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 500, 'text/plain', error.message));
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname.startsWith('/apex/')) {
      const [className, methodName] = url.pathname
        .slice('/apex/'.length)
        .split('/')
        .map(decodeURIComponent);
      const body = JSON.parse((await readBody(req)) || '{}') as {
        params?: Record<string, unknown>;
      };
      const result: AuraResult = local.org.invokeAura(className, methodName, body.params ?? {}, {
        userId,
      });
      if (!result.ok) log(`apex: ${className}.${methodName} failed: ${result.error.message}`);
      // as Lightning's action responses: HTTP 200 whether the action succeeded or not
      send(res, 200, 'application/json', JSON.stringify(result));
      return;
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');
    if (url.pathname === script)
      return send(res, 200, CONTENT_TYPES['.js'], bundle.code, IMMUTABLE);
    if (url.pathname.startsWith('/assets/'))
      return sendFile(res, assets, url.pathname.slice('/assets/'.length));
    if (url.pathname.startsWith('/resource/')) {
      const [name, ...path] = url.pathname.slice('/resource/'.length).split('/');
      const resource = resources.get(decodeURIComponent(name));
      if (resource?.folder && path.length) return sendFile(res, resource.folder, path.join('/'));
      if (resource?.file && !path.length)
        return send(res, 200, resource.contentType, readFileSync(resource.file));
    }
    if (url.pathname === '/' || url.pathname.startsWith('/lightning/')) {
      return send(res, 200, 'text/html; charset=utf-8', page);
    }
    send(res, 404, 'text/plain', 'not found');
  };

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', done);
  });
  const { address, port } = server.address() as AddressInfo;
  const stopWorker = startJobWorker(local, options, log, kept);
  return {
    url: `http://${address}:${port}/`,
    local,
    clock,
    bundle: { built: bundle.built, ms: bundle.ms, file: bundle.file },
    orgMs,
    close: async () => {
      stopWorker();
      server.closeAllConnections();
      await new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done())));
    },
  };
}

/**
 * Runs due async work on the wall clock, one work item per turn of the event loop so that the
 * server answers requests between the steps of a long Queueable chain (`AsyncService.drain`
 * with `maxJobs: 1`; `startWorker` drains everything that is due in one go).
 */
function startJobWorker(
  local: LocalOrg,
  options: AppServerOptions,
  log: (line: string) => void,
  kept: KeptDeployments | null,
): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = (): void => {
    const result = local.async().drain({ maxJobs: 1 });
    for (const item of result.log) log(`job: ${item.label}${item.jobId ? ` (${item.jobId})` : ''}`);
    for (const error of result.errors)
      log(`job failed: ${error.label}: ${error.type}: ${error.message}`);
    if (result.ran) {
      const saved = kept?.save(local) ?? 0;
      if (saved) log(`kept: ${saved} configuration records, for the next start`);
      options.onWorkRan?.(local, result);
    }
    if (!stopped) timer = setTimeout(tick, result.ran ? 0 : (options.workerIntervalMs ?? 250));
  };
  timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/**
 * A project of the root's package directories plus `extra` ones, under `.localorg/app/`:
 * localorg loads every package directory that `sfdx-project.json` names. Each directory is
 * linked into the project's folder, because some of localorg's metadata readers (Named
 * Credentials, Remote Site Settings) walk the project's folder rather than its package
 * directories.
 */
function combinedProject(root: string, extra: string[]): string {
  const config = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories: PackageDirectory[];
    namespace?: string;
  };
  const entries: PackageDirectory[] = [
    ...config.packageDirectories,
    ...extra.map((path) => ({ path })),
  ];
  const dirs = entries.map((p) => resolve(root, p.path));
  const key = createHash('sha256').update(dirs.join('\n')).digest('hex').slice(0, 12);
  const dir = join(root, '.localorg', 'app', `project-${key}`);
  mkdirSync(dir, { recursive: true });
  const linkOf = new Map<string, string>();
  dirs.forEach((target, i) => {
    const link = `${i}-${basename(target)}`;
    if (!existsSync(join(dir, link))) symlinkSync(relative(dir, target), join(dir, link), 'dir');
    linkOf.set(target, link);
  });
  // each directory keeps what it says of itself (the package, its unpackaged metadata), so the
  // combined project has the same namespaces as the root one
  const linked = entries.map((entry, i) => {
    const unpackaged = entry.unpackagedMetadata?.path;
    return {
      ...entry,
      path: linkOf.get(dirs[i]) ?? entry.path,
      ...(unpackaged
        ? { unpackagedMetadata: { path: linkOf.get(resolve(root, unpackaged)) ?? unpackaged } }
        : {}),
    };
  });
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({ ...config, packageDirectories: linked }, null, 2),
  );
  return dir;
}

/** A package directory as `sfdx-project.json` lists it. */
interface PackageDirectory {
  path: string;
  unpackagedMetadata?: { path: string };
  [key: string]: unknown;
}

/** The one HTML page of every URL of the app; the shell picks the tab from the path. */
function shellPage(script: string, config: PageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(config.appLabel)}</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
</head>
<body class="slds-scope">
<script>globalThis.__LOCALORG__ = ${json};</script>
<script src="${script}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** For a URL whose content never changes (it names its content's hash). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  cacheControl = 'no-store',
): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': cacheControl });
  res.end(body);
}

/** A file below `dir`; paths that leave it are not found. */
function sendFile(res: ServerResponse, dir: string, path: string): void {
  const file = normalize(join(dir, decodeURIComponent(path)));
  if (!file.startsWith(dir + sep) || !existsSync(file))
    return send(res, 404, 'text/plain', 'not found');
  send(res, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
