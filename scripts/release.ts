/**
 * `npm run release`: a new package version. Refuses to start while `sfdx-project.json` holds the
 * placeholder package Id (replace it with the Id `sf package create` prints, see the README's
 * "Deploy to a real org"), then compiles the components (package versions are built from the
 * `force-app` source, so its `.js` must exist) and runs `sf package version create` with code
 * coverage. Extra arguments go to `sf package version create` (`-- --target-dev-hub conduit-hub`).
 *
 * Usage: node --import tsx scripts/release.ts [-- sf arguments]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { compileAll } from './build-lwc';

export const PACKAGE_NAME = 'Conduit';

interface SfdxProject {
  packageAliases?: Record<string, string>;
}

/** Why the project cannot create a package version yet, or null when it can. */
export function packageAliasProblem(project: SfdxProject): string | null {
  const id = project.packageAliases?.[PACKAGE_NAME];
  if (!id) return `sfdx-project.json has no packageAliases.${PACKAGE_NAME}`;
  if (!/^0Ho[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$/.test(id))
    return `packageAliases.${PACKAGE_NAME} is ${id}, not a package Id (0Ho…)`;
  if (/^0Ho0{12}/.test(id))
    return (
      `packageAliases.${PACKAGE_NAME} is the placeholder ${id}: replace it with the Id that ` +
      `\`sf package create --name ${PACKAGE_NAME} --package-type Managed --path force-app\` prints`
    );
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problem = packageAliasProblem(
    JSON.parse(readFileSync('sfdx-project.json', 'utf8')) as SfdxProject,
  );
  if (problem) {
    console.error(`release refused: ${problem}`);
    process.exit(1);
  }
  console.log(`${compileAll(['force-app'])} LWC TypeScript file(s) compiled to .js`);
  const args = ['package', 'version', 'create', '--package', PACKAGE_NAME];
  args.push('--installation-key-bypass', '--code-coverage', '--wait', '30');
  // The Salesforce CLI is installed globally (the README's "Deploy to a real org"), not by npm ci.
  const result = spawnSync('sf', [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error)
    console.error(
      `release needs the Salesforce CLI (\`sf\`): npm install --global @salesforce/cli (${result.error.message})`,
    );
  process.exitCode = result.status ?? 1;
}
