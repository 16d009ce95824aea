/**
 * Compiles the Lightning Web Components, authored in TypeScript, to the JavaScript the platform
 * deploys: each `lwc/<name>/*.ts` (tests excluded) becomes the `.js` beside it.
 *
 * Types are stripped and nothing else changes: the LWC decorators (`@api`, `@track`, `@wire`)
 * must reach the platform's LWC compiler as written. TypeScript 5's own emitter lowers
 * decorators even for target ESNext, so this uses Babel's TypeScript preset with the decorator
 * syntax plugin, exactly as LWC's own Jest transformer does.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transformSync } from '@babel/core';

/** Every TypeScript source of a component under `root`, tests and declarations excluded. */
export function findComponentSources(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, inLwc: boolean): void => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === '__tests__' || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path, inLwc || entry === 'lwc');
      else if (inLwc && entry.endsWith('.ts') && !entry.endsWith('.d.ts')) found.push(path);
    }
  };
  walk(root, false);
  return found.sort();
}

/** Strip the types of one component source; throws naming file, line and column on an error. */
export function compileComponent(source: string, fileName: string): string {
  const out = transformSync(source, {
    filename: fileName,
    babelrc: false,
    configFile: false,
    plugins: [['@babel/plugin-syntax-decorators', { decoratorsBeforeExport: true }]],
    presets: [
      ['@babel/preset-typescript', { allowDeclareFields: true, onlyRemoveTypeImports: true }],
    ],
  });
  if (!out?.code) throw new Error(`${fileName}: no output`);
  return `${out.code}\n`;
}

/** Compile every component source under `roots` to the `.js` beside it; returns the count. */
export function compileAll(roots: string[]): number {
  let count = 0;
  for (const root of roots) {
    for (const file of findComponentSources(root)) {
      const js = compileComponent(readFileSync(file, 'utf8'), file);
      writeFileSync(file.replace(/\.ts$/, '.js'), js);
      count++;
      console.log(`compiled ${relative(process.cwd(), file)}`);
    }
  }
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = compileAll(process.argv.length > 2 ? process.argv.slice(2) : ['force-app']);
  console.log(`${count} LWC TypeScript file(s) compiled to .js`);
}
