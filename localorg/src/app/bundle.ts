/**
 * The browser bundle of the local Lightning app: every component of the project's `lwc` folders,
 * the Lightning base components they use (`lightning-base-components`), the local shell and the
 * stand-ins for the platform's `@salesforce/*` and `lightning/*` modules, compiled by the LWC
 * compiler (`@lwc/rollup-plugin`) into one IIFE.
 *
 * A development build takes about half a minute and close to a gigabyte, so the bundle is
 * cached on disk under `.localorg/app/`, keyed by a hash of every source that goes into it.
 */
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup, type Plugin, type RollupLog } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { compileComponent } from '../../../scripts/build-lwc';

const require = createRequire(import.meta.url);
const CLIENT_DIR = fileURLToPath(new URL('./client', import.meta.url));

/** One page of the app: a tab in the navigation bar that shows one component. */
export interface AppTab {
  /** The tab's API name: the page is at `/lightning/n/<name>`. */
  name: string;
  label: string;
  /** The component, as `namespace/name` (`c/syncDashboard`). */
  component: string;
}

export interface BundleOptions {
  /** Absolute package directories whose `lwc` folders hold components (namespace `c`). */
  packageDirs: string[];
  tabs: AppTab[];
  /** The project's namespace: `@salesforce/label/<namespace>.Name` is one of its labels. */
  namespace: string | null;
  /** Where cached bundles are kept (`<project>/.localorg/app`). */
  cacheDir: string;
}

export interface Bundle {
  code: string;
  /** Where the bundle is cached. */
  file: string;
  /** Whether this call built it (false: read from the cache). */
  built: boolean;
  ms: number;
}

/** A component folder: `lwc/<name>/<name>.ts` (or `.js` for a JavaScript component). */
interface ComponentSource {
  specifier: string;
  entry: string;
  dir: string;
}

/** Every `lwc/<name>/` component under the package directories, as `c/<name>`. */
export function findComponents(packageDirs: string[]): ComponentSource[] {
  const found: ComponentSource[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (!statSync(path).isDirectory()) continue;
      if (entry === 'lwc') found.push(...componentsIn(path, 'c'));
      else walk(path);
    }
  };
  for (const dir of packageDirs) if (existsSync(dir)) walk(dir);
  return found.sort((a, b) => a.specifier.localeCompare(b.specifier));
}

function componentsIn(lwcDir: string, namespace: string): ComponentSource[] {
  const found: ComponentSource[] = [];
  for (const name of readdirSync(lwcDir)) {
    const dir = join(lwcDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const entry = ['.ts', '.js']
      .map((ext) => join(dir, `${name}${ext}`))
      .find((file) => existsSync(file));
    if (entry) found.push({ specifier: `${namespace}/${name}`, entry, dir });
  }
  return found;
}

/** Files of a folder, recursively, tests and compiled `.js` twins of `.ts` sources left out. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === '__tests__' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (!(entry.endsWith('.js') && existsSync(path.replace(/\.js$/, '.ts')))) files.push(path);
  }
  return files.sort();
}

/**
 * The folder of an installed package, found as Node finds it from `from` (not every package has
 * a main or exports its package.json).
 */
function packageDir(name: string, from = require): string {
  const dir = (from.resolve.paths(name) ?? [])
    .map((nodeModules) => join(nodeModules, name))
    .find((candidate) => existsSync(join(candidate, 'package.json')));
  if (!dir) throw new Error(`the package ${name} is not installed (npm ci)`);
  return dir;
}

/**
 * The LWC engine, synthetic shadow and wire service of the `lwc` package, the same version as
 * its compiler (another `@lwc/engine-dom` may be installed beside it for other tools).
 */
function engineModules(): { name: string; path: string }[] {
  const lwcRequire = createRequire(join(packageDir('lwc'), 'package.json'));
  const module = (name: string) => {
    const dir = packageDir(name, lwcRequire);
    return join(
      dir,
      (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { module: string }).module,
    );
  };
  return [
    { name: 'lwc', path: module('@lwc/engine-dom') },
    { name: '@lwc/synthetic-shadow', path: module('@lwc/synthetic-shadow') },
    { name: '@lwc/wire-service', path: module('@lwc/wire-service') },
  ];
}

function packageVersion(name: string): string {
  return (
    JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/** The cache key: the compiler versions, the tabs and every source file's content. */
export function bundleKey(options: BundleOptions): string {
  const hash = createHash('sha256');
  for (const pkg of ['lwc', '@lwc/rollup-plugin', 'lightning-base-components', 'rollup'])
    hash.update(`${pkg}@${packageVersion(pkg)}\n`);
  hash.update(JSON.stringify(options.tabs));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  const dirs = [CLIENT_DIR, ...findComponents(options.packageDirs).map((c) => c.dir)];
  for (const file of dirs.flatMap(sourceFiles)) {
    hash.update(`\n${file}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The bundle from the cache, or built in a child process (the build's gigabyte is returned to
 * the system when it exits) and cached.
 */
export async function appBundle(
  options: BundleOptions,
  log: (line: string) => void = () => {},
): Promise<Bundle> {
  const started = Date.now();
  const file = join(options.cacheDir, `app-${bundleKey(options)}.js`);
  const built = !existsSync(file);
  if (built) {
    log('app: compiling the components (the first build takes about half a minute)…');
    await buildInChild(options, file);
  }
  return { code: readFileSync(file, 'utf8'), file, built, ms: Date.now() - started };
}

function buildInChild(options: BundleOptions, file: string): Promise<void> {
  // the job goes in the arguments: a message would wait for this process's event loop, which the
  // org's loading keeps busy
  const child = fork(
    fileURLToPath(new URL('./build-child.ts', import.meta.url)),
    [JSON.stringify({ options, file })],
    {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    },
  );
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0
        ? done()
        : fail(new Error(`the app's build failed (exit code ${code}): see its output above`)),
    );
  });
}

/** How many bundles the cache keeps: `npm start`'s and the browser tests' stay side by side. */
const CACHED_BUNDLES = 3;

/** Builds and writes the bundle to `file`; only the most recent bundles are kept. */
export async function writeBundle(options: BundleOptions, file: string): Promise<void> {
  const code = await buildBundle(options);
  mkdirSync(options.cacheDir, { recursive: true });
  // written whole, then renamed: a server starting at the same time never reads half a file
  writeFileSync(`${file}.tmp`, code);
  renameSync(`${file}.tmp`, file);
  const bundles = readdirSync(options.cacheDir)
    .filter((name) => /^app-[0-9a-f]+\.js$/.test(name))
    .map((name) => join(options.cacheDir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const old of bundles.slice(CACHED_BUNDLES)) rmSync(old, { force: true });
}

const VIRTUAL = '\0localorg:';
const BASE_COMPONENTS = `${sep}lightning-base-components${sep}`;

/** Builds the IIFE: the shell's entry, the tabs module, and everything they import. */
export async function buildBundle(options: BundleOptions): Promise<string> {
  const components = findComponents(options.packageDirs);
  const known = new Set(components.map((c) => c.specifier));
  for (const tab of options.tabs) {
    if (!known.has(tab.component))
      throw new Error(
        `tab ${tab.name}: no component ${tab.component} in the project's lwc folders`,
      );
  }
  const failed: { error: Error | null } = { error: null };
  const build = await rollup({
    input: join(CLIENT_DIR, 'main.ts'),
    plugins: [
      stopAfter(failed),
      standIns(options.tabs, options.namespace),
      stripTypes(),
      replace({
        preventAssignment: true,
        values: {
          'process.env.NODE_ENV': JSON.stringify('development'),
          'import.meta.env.SSR': 'false',
        },
      }),
      lwc({
        rootDir: CLIENT_DIR,
        enableDynamicComponents: true,
        // base components such as lightning-base-combobox call attachInternals(), which
        // synthetic shadow refuses unless the component was compiled with this
        enableSyntheticElementInternals: true,
        defaultModules: [],
        modules: [
          ...engineModules(),
          ...components.map((c) => ({ name: c.specifier, path: c.entry })),
          { npm: 'lightning-base-components' },
        ],
      }),
    ],
    onwarn(warning: RollupLog, warn) {
      if (warning.code === 'UNRESOLVED_IMPORT') {
        failed.error = new Error(
          `not supported in localorg: the module '${warning.exporter}' (${warning.id})`,
        );
        throw failed.error;
      }
      // the base components' own template warnings are not the project's to fix
      if ((warning.id ?? warning.loc?.file ?? '').includes(BASE_COMPONENTS)) return;
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
  });
  try {
    const { output } = await build.generate({ format: 'iife', inlineDynamicImports: true });
    return output[0].code;
  } finally {
    await build.close();
  }
}

/**
 * Once the build has failed, the modules still being loaded are empty and nothing new is
 * resolved: rollup does not stop the work in flight, which would go on for the whole build.
 */
function stopAfter(failed: { error: Error | null }): Plugin {
  return {
    name: 'localorg-stop-after-failure',
    resolveId: (source) => (failed.error ? { id: source, external: true } : null),
    load: () => (failed.error ? '' : null),
  };
}

/** TypeScript sources lose their types (the LWC compiler reads JavaScript), as `npm run build` does. */
function stripTypes(): Plugin {
  return {
    name: 'localorg-strip-types',
    transform(code, id) {
      const file = id.split('?')[0];
      return extname(file) === '.ts' ? compileComponent(code, file) : null;
    },
  };
}

/**
 * The platform's modules that do not exist off-platform, answered by local stand-ins (listed in
 * `localorg/src/app/README.md`). Apex methods, labels and custom permissions become small
 * generated modules over `client/platform.ts`.
 */
function standIns(tabs: AppTab[], namespace: string | null): Plugin {
  const files: Record<string, string> = {
    '@salesforce/apex': 'apex.ts',
    'lightning/platformShowToastEvent': 'platformShowToastEvent.ts',
    'lightning/navigation': 'navigation.ts',
    'lightning/confirm': 'confirm.ts',
    'lightning/platformResourceLoader': 'platformResourceLoader.ts',
  };
  const client = (name: string) => JSON.stringify(join(CLIENT_DIR, name));
  return {
    name: 'localorg-stand-ins',
    resolveId(source) {
      if (files[source]) return join(CLIENT_DIR, files[source]);
      if (source === 'localorg/tabs') return `${VIRTUAL}tabs`;
      if (/^@salesforce\/apex\/[\w.]+$/.test(source)) return `${VIRTUAL}${source}`;
      const label = /^@salesforce\/label\/(\w+)\./.exec(source);
      // other labels are the base components' own, mapped by lightning-base-components
      if (label && label[1] !== 'c' && label[1] !== namespace) return null;
      if (/^@salesforce\/(label|customPermission|user|schema|resourceUrl)\//.test(source))
        return `${VIRTUAL}${source}`;
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const source = id.slice(VIRTUAL.length);
      if (source === 'tabs') {
        const entries = tabs.map(
          (t) =>
            `{ name: ${JSON.stringify(t.name)}, label: ${JSON.stringify(t.label)}, ` +
            `load: () => import(${JSON.stringify(t.component)}) }`,
        );
        return `export default [\n${entries.join(',\n')}\n];\n`;
      }
      const apex = /^@salesforce\/apex\/(?:(\w+)\.)?(\w+)\.(\w+)$/.exec(source);
      if (apex) {
        const [, , className, method] = apex;
        return `import { apexMethod } from ${client('apex.ts')};\nexport default apexMethod(${JSON.stringify(className)}, ${JSON.stringify(method)});\n`;
      }
      const [, kind, name] = /^@salesforce\/(\w+)\/(.+)$/.exec(source)!;
      return `import { platformValue } from ${client('platform.ts')};\nexport default platformValue(${JSON.stringify(kind)}, ${JSON.stringify(name)});\n`;
    },
  };
}

/** The folder of SLDS's assets (styles, icons, fonts, images), served under `/assets/`. */
export function sldsAssetsDir(): string {
  return join(packageDir('@salesforce-ux/design-system'), 'assets');
}
