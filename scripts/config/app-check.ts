/**
 * The import screen's check of a configuration file, run by the command-line tool: the package's
 * own Apex (`ConfigTransferController.previewImport`: the file's shape, names and credentials,
 * then `ConfigValidator` against the project's objects, fields, transforms, plans and options)
 * in a local org of the project, as an admin. The tool and the app so find the same problems in
 * the same words, from one source.
 *
 * ```ts
 * const problems = appProblems(readFileSync('conduit-config.json', 'utf8'), '.');
 * ```
 */
import { resolve } from 'node:path';
import { createLocalOrg, type LocalOrg } from 'localorg';

interface CheckOrg {
  local: LocalOrg;
  userId: string;
}

/** One org per project: loading one takes seconds, checking a file in it a moment. */
const orgs = new Map<string, CheckOrg>();

function orgOf(projectDir: string): CheckOrg {
  const dir = resolve(projectDir);
  let org = orgs.get(dir);
  if (!org) {
    // bodies are type-checked when they first run: the check calls a few classes of hundreds
    const local = createLocalOrg({ projectDir: dir, typecheck: false });
    const userId = local.createUser({
      lastName: 'Config Check',
      profile: 'System Administrator',
      permissionSets: ['Conduit_Admin'],
    });
    orgs.set(dir, (org = { local, userId }));
  }
  return org;
}

/**
 * The problems the app's import screen shows for a configuration file.
 * @param text the file's JSON
 * @param projectDir the SFDX project whose metadata (objects, configuration records) and Apex
 * check it
 * @returns the problems, empty when the app would import the file
 */
export function appProblems(text: string, projectDir: string): string[] {
  const { local, userId } = orgOf(projectDir);
  const result = local.org.invokeAura(
    'ConfigTransferController',
    'previewImport',
    { text },
    { userId },
  );
  if (!result.ok) throw new Error(`the import check failed: ${result.error.message}`);
  return (result.value as { problems?: string[] }).problems ?? [];
}
