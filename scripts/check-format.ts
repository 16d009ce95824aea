/**
 * `prettier --check` with one Apex parser for the whole run: `node --import tsx
 * scripts/check-format.ts [path...]` (default `.`), prettier's output and exit code.
 *
 * prettier-plugin-apex parses each Apex file in a process of its own (its native serializer, or a
 * JVM), a start per file: over three hundred classes that is most of the step's CPU. The plugin
 * ships the same parser as an HTTP server (`apex-ast-serializer-http`) for this case; the check
 * starts it once on a free local port, points prettier at it (`--apex-standalone-parser
 * built-in`) and stops it however the check ends. The formatting rules and the files checked are
 * the same as a plain `prettier --check` (see the plugin's README, "Continuous Integration").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { resolveConfig } from 'prettier';

const HOST = '127.0.0.1';
/** How long the JVM may take to answer its first parse on a busy machine. */
const START_MS = 120_000;
/**
 * One compiler tier and a serial collector: the server lives for one check, where the JIT's
 * top tier and a parallel collector cost more CPU than they save (other jobs share the cores).
 */
const JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

const require = createRequire(import.meta.url);

function serializerServerBin(): string {
  const plugin = require.resolve('prettier-plugin-apex'); // <package>/dist/src/index.js
  return join(
    dirname(plugin),
    '..',
    '..',
    'vendor',
    'apex-ast-serializer',
    'bin',
    'apex-ast-serializer-http',
  );
}

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Resolves when the server answers a parse; rejects, with what it logged, if it exits first or
 * takes too long.
 */
async function ready(server: ChildProcess, port: number): Promise<void> {
  const seen = { exit: '', log: '' };
  server.stderr?.on('data', (chunk: Buffer) => (seen.log += chunk.toString('utf8')));
  server.once('exit', (code, signal) => (seen.exit = `exited (${signal ?? code})`));
  const deadline = Date.now() + START_MS;
  while (!seen.exit && Date.now() < deadline) {
    try {
      const response = await fetch(`http://${HOST}:${port}/api/ast`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          sourceCode: 'class Probe {}',
          anonymous: false,
          prettyPrint: false,
        }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 200));
  }
  const why = seen.exit || `did not answer in ${START_MS / 1000} s`;
  throw new Error(
    `the Apex parser server (apex-ast-serializer-http, port ${port}) ${why}:\n${seen.log}`,
  );
}

/** Starts the parser server on a free port; returns it and its port once it parses. */
async function startApexParser(): Promise<{ server: ChildProcess; port: number }> {
  const port = await freePort();
  // The wrapper script `exec`s java: the child is the JVM itself.
  const server = spawn(serializerServerBin(), ['-h', HOST, '-p', String(port)], {
    // Jetty logs every start to stderr: kept for the error when it does not start
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, APEX_AST_SERIALIZER_HTTP_OPTS: JVM_OPTIONS },
  });
  try {
    await ready(server, port);
  } catch (error) {
    await stopApexParser(server);
    throw error;
  }
  server.stderr?.removeAllListeners('data').resume();
  return { server, port };
}

/** Stops the parser server; resolves when it has exited. */
function stopApexParser(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStopped) => {
    server.once('exit', () => resolveStopped());
    server.kill();
  });
}

/**
 * The plugins of the project's prettier config (prettier-plugin-apex, @prettier/plugin-oxc for
 * TypeScript and JavaScript): a `--plugin` on the command line replaces the config's list, so the
 * check names them all.
 */
async function configuredPlugins(): Promise<string[]> {
  const config = await resolveConfig(join(process.cwd(), 'package.json'));
  return (config?.plugins ?? []).filter((plugin) => typeof plugin === 'string');
}

/** Runs `prettier --check` over `paths` with Apex parsed by the server on `port`; its exit code. */
async function prettierCheck(paths: string[], port: number): Promise<number> {
  const prettier = require.resolve('prettier/bin/prettier.cjs');
  const args = [
    prettier,
    '--check',
    // the Apex plugin's options are known to the command line only when it is named there
    ...(await configuredPlugins()).map((plugin) => `--plugin=${plugin}`),
    '--apex-standalone-parser',
    'built-in',
    '--apex-standalone-host',
    HOST,
    '--apex-standalone-port',
    String(port),
    ...paths,
  ];
  return new Promise((resolveStatus) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('close', (status) => resolveStatus(status ?? 1));
  });
}

async function main(): Promise<void> {
  const paths = process.argv.slice(2);
  const { server, port } = await startApexParser();
  // However the check ends (an exception, Ctrl-C, a kill), the JVM goes with it.
  process.once('exit', () => server.kill());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(1));
  }
  console.log(`Apex parser server on port ${port}`);
  try {
    process.exitCode = await prettierCheck(paths.length ? paths : ['.'], port);
  } finally {
    await stopApexParser(server);
  }
}

await main();
