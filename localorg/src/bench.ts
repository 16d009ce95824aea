/**
 * `localorg/bench`: localorg's own benchmarks, for `npm run bench` (parse, interpreter, database).
 */
export { loadProject } from './load/project';
export { buildAst } from './ast/build';
export { benchStatementsPerSecond } from './interp/bench';
export { benchDatabase } from './platform/data/bench';
