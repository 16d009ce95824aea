/**
 * How many paths Graph Engine walked to their end from each entry point, and how many it dropped
 * because it could not go on with them.
 *
 * "Finished" only says Graph Engine stopped without a time-out or an error of its own. An entry
 * point can finish having walked nothing: a path on which Graph Engine cannot use a value (a
 * method returning what it takes for a loop variable, a null it cannot get past) is dropped with
 * everything its rules would have found on it, and an export's pull once finished in seconds
 * because every path through its mapper was dropped so. Graph Engine says so only in its log, and
 * only at INFO: `Path info. completedApexPathExpanders=N` for each path of the entry method,
 * `expand-InvalidValue`/`expand-NullAccess`/… for each one dropped, and, from its rule runner,
 * `EntryPoint=Class:method:line; …` when an entry point is done. The three carry the rule run's
 * id, which ties them to their entry point whatever the number of threads.
 *
 * `loggingConfig` writes a copy of Graph Engine's own `log4j2.xml` (read from its jar, so an
 * upgrade keeps its appenders, through which it reports to Code Analyzer) with those two loggers
 * at INFO; `pathCounts` reads the lines back.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';

/** The loggers whose INFO lines tell the paths walked and dropped, and the entry point's end. */
const PATH_LOGGERS = [
  'com.salesforce.graph.ops.expander.ApexPathExpanderUtil',
  'com.salesforce.rules.PathBasedRuleRunner',
];

/** Graph Engine's words for a path it dropped because it could not go on with it. */
const DROPPED =
  /expand-(InvalidValue|NullAccess|Recursion|StackDepthLimit)\. (?:pathMethod=([\w.:<>]+))?/;

/** A log line with a rule run's id: `date time id LEVEL Logger:line - message`. */
const RUN_LINE = /^\S+ \S+ ([0-9a-f-]{36}) /;

/** What one entry point's paths came to. */
export interface PathCount {
  /** Paths walked to their end. */
  walked: number;
  /** Paths dropped because Graph Engine could not go on with them. */
  dropped: number;
  /** Where the first of them was dropped and why (`InvalidValue ExportMapper:relationship:128`). */
  droppedAt?: string;
}

/** Whether a log line is one `pathCounts` reads (the scan keeps only the lines it needs). */
export function isPathLine(line: string): boolean {
  return line.includes('Path info. ') || line.includes('EntryPoint=') || DROPPED.test(line);
}

/**
 * Each entry point's paths, by `Class:method:line` as Graph Engine names it (`Finished.
 * method=…`), from the lines `isPathLine` kept.
 */
export function pathCounts(logText: string): Map<string, PathCount> {
  const byRun = new Map<string, PathCount>();
  const result = new Map<string, PathCount>();
  for (const line of logText.split('\n')) {
    const run = RUN_LINE.exec(line)?.[1];
    if (!run) continue;
    const count = byRun.get(run) ?? { walked: 0, dropped: 0 };
    byRun.set(run, count);
    const info = /Path info\. completedApexPathExpanders=(\d+)/.exec(line);
    const dropped = DROPPED.exec(line);
    const entry = /EntryPoint=([\w.]+:[\w<>]+:\d+);/.exec(line);
    if (info) count.walked += Number(info[1]);
    if (dropped) {
      count.dropped += 1;
      count.droppedAt ??= [dropped[1], dropped[2] ?? vertexOf(line)].filter(Boolean).join(' ');
    }
    if (entry) result.set(entry[1], count);
  }
  return result;
}

/**
 * Where a path was dropped on a null, from the vertex its message names last: `vertex=…Vertex{
 * fullMethodName=field.getDescribe, … DefiningType=MappingController, … BeginLine=230 …}` gives
 * `field.getDescribe at MappingController:230`.
 */
function vertexOf(line: string): string | undefined {
  const vertex = line.slice(line.lastIndexOf(', vertex=') + 1);
  const type = /DefiningType=(\w+)/.exec(vertex)?.[1];
  const at = /BeginLine=(\d+)/.exec(vertex)?.[1];
  const call = /fullMethodName=([\w.]+)/.exec(vertex)?.[1];
  return type && at ? `${call ? `${call} at ` : ''}${type}:${at}` : undefined;
}

/** The JVM option that points Graph Engine at a logging configuration. */
export function loggingOption(configFile: string): string {
  return `-Dlog4j2.configurationFile=${configFile}`;
}

/**
 * Writes Graph Engine's logging configuration with `PATH_LOGGERS` at INFO into `dir` and returns
 * its path. Throws when its jar or its `log4j2.xml` is not where this expects it.
 */
export async function loggingConfig(dir: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const lib = join(
    dirname(require.resolve('@salesforce/code-analyzer-sfge-engine/package.json')),
    'dist',
    'java-lib',
  );
  const jar = readdirSync(lib).find((f) => /^sfge-.*\.jar$/.test(f));
  if (!jar) throw new Error(`Graph Engine's jar (sfge-*.jar) is not in ${lib}`);
  const zip = await JSZip.loadAsync(readFileSync(join(lib, jar)));
  const original = await zip.file('log4j2.xml')?.async('string');
  if (!original?.includes('</Loggers>')) {
    throw new Error(`Graph Engine's jar ${jar} has no log4j2.xml with <Loggers>`);
  }
  const file = join(dir, 'graph-engine-log4j2.xml');
  writeFileSync(file, withPathLoggers(original));
  return file;
}

/** A log4j2 configuration with `PATH_LOGGERS` at INFO to Graph Engine's log file, in place of any it had. */
export function withPathLoggers(config: string): string {
  let result = config;
  for (const name of PATH_LOGGERS) {
    const existing = new RegExp(
      `\\s*<Logger name="${name.replace(/\./g, '\\.')}"[^>]*>[\\s\\S]*?</Logger>`,
    );
    result = result.replace(existing, '');
  }
  const added = PATH_LOGGERS.map(
    (name) =>
      `    <Logger name="${name}" level="INFO" additivity="false">\n` +
      `      <AppenderRef ref="LogToFile"/>\n    </Logger>\n`,
  ).join('');
  return result.replace('</Loggers>', `${added}  </Loggers>`);
}
