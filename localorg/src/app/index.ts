/**
 * `localorg/app`: the local Lightning app, its dev server and its bundler (apart from the main
 * entry because they load rollup and the LWC compiler).
 */
export { startAppServer, type AppServer, type AppServerOptions } from './server';
export { buildBundle, bundleKey, findComponents, type AppTab, type BundleOptions } from './bundle';
