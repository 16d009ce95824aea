/**
 * What the server tells the page about the org when it serves it (`globalThis.__LOCALORG__`):
 * the app's name, the running user and the custom permissions that user holds, the labels. The values of the stand-ins for
 * `@salesforce/user/*` and `@salesforce/customPermission/*` come from here.
 */
export interface PageConfig {
  userId: string;
  /** Custom permissions of the running user, by API name (with namespace prefix when packaged). */
  customPermissions: string[];
  /** The project's custom labels by name. */
  labels: Record<string, string>;
  namespace: string | null;
  /** The app's name in the navigation bar. */
  appLabel: string;
  /** A line beside the app's name on every page, or null. */
  notice: string | null;
  /** The project's static resources, served under `/resource/<Name>`. */
  staticResources: string[];
}

export function config(): PageConfig {
  const value = (globalThis as { __LOCALORG__?: PageConfig }).__LOCALORG__;
  if (!value)
    throw new Error('localorg: the page has no configuration (serve it from the app server)');
  return value;
}

/** Strips `ns__` / `ns.` / `c.` from a name of the project's metadata. */
function localName(name: string, separator: string): string {
  const { namespace } = config();
  for (const prefix of ['c', namespace].filter(Boolean)) {
    if (name.startsWith(`${prefix}${separator}`)) return name.slice(`${prefix}${separator}`.length);
  }
  return name;
}

/** The value of `@salesforce/<kind>/<name>`; an unknown one fails loudly, as a deploy would. */
export function platformValue(kind: string, name: string): unknown {
  const { userId, customPermissions, labels, staticResources } = config();
  if (kind === 'customPermission') return customPermissions.includes(localName(name, '__'));
  if (kind === 'user' && name === 'Id') return userId;
  if (kind === 'user' && name === 'isGuest') return false;
  if (kind === 'schema') return schemaReference(name);
  if (kind === 'resourceUrl') {
    const resource = localName(name, '__');
    if (staticResources.includes(resource)) return `/resource/${resource}`;
    throw new Error(
      `@salesforce/resourceUrl/${name}: no static resource ${resource} in the project`,
    );
  }
  if (kind === 'label') {
    const label = localName(name, '.');
    if (label in labels) return labels[label];
    throw new Error(`@salesforce/label/${name}: no custom label ${label} in the project`);
  }
  throw new Error(`not supported in localorg: @salesforce/${kind}/${name}`);
}

/**
 * `@salesforce/schema/Object.Field`: the object's and field's API names as the org knows them,
 * custom ones with the project's namespace (`Invoice__c.Amount__c` in the `conduit` package is
 * `conduit__Invoice__c`, `conduit__Amount__c`); a relationship path keeps its dots.
 */
function schemaReference(name: string): { objectApiName: string; fieldApiName?: string } {
  const [objectName, ...path] = name.split('.');
  const objectApiName = qualified(objectName);
  return path.length
    ? { objectApiName, fieldApiName: path.map(qualified).join('.') }
    : { objectApiName };
}

function qualified(name: string): string {
  const { namespace } = config();
  const custom = /__(c|r|mdt|e|b|x)$/i.test(name);
  const prefixed = /^[A-Za-z0-9]+__\w+__\w+$/.test(name);
  return namespace && custom && !prefixed ? `${namespace}__${name}` : name;
}
