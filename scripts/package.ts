/**
 * `npm run package`: the deployable artifact. Compiles the Lightning Web Components (their
 * TypeScript sources become the `.js` the platform deploys), converts `force-app` to Metadata API
 * format in `build/package` (git-ignored) with the library behind the Salesforce CLI's
 * `sf project convert source` (`@salesforce/source-deploy-retrieve`), and checks the result: every
 * component bundle has its `.js`, and nothing test-only or TypeScript is in it. Deploy it with
 * `sf project deploy start --metadata-dir build/package`.
 *
 * Usage: node --import tsx scripts/package.ts [outputDir]
 */
import { ComponentSetBuilder, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileAll } from './build-lwc';

export const PACKAGE_DIR = 'build/package';

/** Files that serve development and tests only: none may ship. */
const TEST_ONLY: { pattern: RegExp; what: string }[] = [
  { pattern: /(^|\/)__tests__(\/|$)/, what: 'a component test or its fixtures' },
  { pattern: /(^|\/)__mocks__(\/|$)/, what: 'a Jest mock' },
  { pattern: /\.test\.[jt]s$/, what: 'a test' },
  { pattern: /\.ts$/, what: 'a TypeScript source' },
  { pattern: /(^|\/)(jsconfig|tsconfig|\.eslintrc)\.json$/, what: 'a tool configuration' },
];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** The problems of a package in Metadata API format: bundles without `.js`, test-only files. */
export function checkPackage(dir: string): string[] {
  const problems: string[] = [];
  if (!existsSync(join(dir, 'package.xml'))) problems.push(`${dir} has no package.xml`);
  const lwc = join(dir, 'lwc');
  const bundles = existsSync(lwc)
    ? readdirSync(lwc).filter((entry) => statSync(join(lwc, entry)).isDirectory())
    : [];
  for (const bundle of bundles) {
    if (!existsSync(join(lwc, bundle, `${bundle}.js`)))
      problems.push(
        `lwc/${bundle} has no ${bundle}.js: its tab would fail with "Cannot find Lightning Component Bundle"`,
      );
  }
  for (const file of listFiles(dir).map((f) => relative(dir, f))) {
    const found = TEST_ONLY.find((t) => t.pattern.test(file));
    if (found) problems.push(`${file} is ${found.what}: it must not ship`);
  }
  return problems;
}

/** The members of one metadata type in a converted package's manifest. */
export function manifestMembers(dir: string, typeName: string): string[] {
  const manifest = readFileSync(join(dir, 'package.xml'), 'utf8');
  return [...manifest.matchAll(/<types>([\s\S]*?)<\/types>/g)]
    .filter((m) => m[1].includes(`<name>${typeName}</name>`))
    .flatMap((m) => [...m[1].matchAll(/<members>([^<]+)<\/members>/g)].map((x) => x[1]));
}

/**
 * Converts a source folder to Metadata API format, offline, as `sf project convert source
 * --source-dir <sourceDir> --output-dir <outputDir>` does: the same library calls, with the
 * project's `sourceApiVersion` from `sfdx-project.json`.
 */
export async function convertSource(sourceDir: string, outputDir: string): Promise<void> {
  rmSync(outputDir, { recursive: true, force: true });
  const components = await ComponentSetBuilder.build({
    sourcepath: [sourceDir],
    projectDir: process.cwd(),
  });
  await new MetadataConverter().convert(components, 'metadata', {
    type: 'directory',
    outputDirectory: outputDir,
    genUniqueDir: false,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outputDir = process.argv[2] ?? PACKAGE_DIR;
  console.log(`${compileAll(['force-app'])} LWC TypeScript file(s) compiled to .js`);
  await convertSource('force-app', outputDir);
  const problems = checkPackage(outputDir);
  // the package must hold components at all
  const bundles = manifestMembers(outputDir, 'LightningComponentBundle');
  if (!bundles.length) problems.push('the manifest lists no LightningComponentBundle');
  for (const p of problems) console.log(p);
  console.log(`${outputDir}: ${bundles.length} component bundle(s), ${problems.length} problem(s)`);
  process.exitCode = problems.length ? 1 : 0;
}
