/**
 * The Apex test runner: discovers `@IsTest` classes and their test methods (also legacy
 * `testMethod`), runs each method in its own transaction with `@TestSetup` data restored
 * before it, and collects results and line coverage.
 */
import type { Interpreter } from '../interp/interpreter';
import type { ClassInfo, MethodInfo } from '../interp/model';
import { describeFailure, type ApexFailure } from '../interp/anonymous';
import { coverageOf, type CoverageRow } from './coverage';

export interface TestFilter {
  /** Class names (case-insensitive); all test classes when empty. */
  classes?: string[];
  /** Method names (case-insensitive); all test methods when empty. */
  methods?: string[];
}

export interface TestResult {
  className: string;
  methodName: string;
  outcome: 'Pass' | 'Fail';
  /** Milliseconds. */
  time: number;
  failure: ApexFailure | null;
  /** `System.debug` output of the method. */
  debug: string[];
}

export interface TestRunResult {
  results: TestResult[];
  coverage: CoverageRow[];
  passed: number;
  failed: number;
}

function isTestMethod(m: MethodInfo): boolean {
  return m.isStatic && m.isTest && !m.annotations.includes('testsetup');
}

/** The test classes of the project: top-level `@IsTest` classes with test methods. */
export function testClasses(interp: Interpreter): ClassInfo[] {
  return [...interp.classes.values()]
    .filter((c) => c.isTest && !c.outer && c.kind === 'class')
    .filter((c) => [...c.methods.values()].flat().some(isTestMethod))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function runTests(interp: Interpreter, filter: TestFilter = {}): TestRunResult {
  const wantClasses = new Set((filter.classes ?? []).map((c) => c.toLowerCase()));
  const wantMethods = new Set((filter.methods ?? []).map((m) => m.toLowerCase()));
  for (const u of interp.units) u.hits.fill(0);
  const results: TestResult[] = [];
  for (const cls of testClasses(interp)) {
    if (wantClasses.size && !wantClasses.has(cls.lname)) continue;
    const methods = [...cls.methods.values()]
      .flat()
      .filter(isTestMethod)
      .filter((m) => !wantMethods.size || wantMethods.has(m.lname))
      .sort((a, b) => (a.decl?.line ?? 0) - (b.decl?.line ?? 0));
    if (!methods.length) continue;
    results.push(...runClass(interp, cls, methods));
  }
  const passed = results.filter((r) => r.outcome === 'Pass').length;
  return {
    results,
    coverage: coverageOf(interp.units),
    passed,
    failed: results.length - passed,
  };
}

/** `@IsTest(SeeAllData=true)` on the method, or on its class when the method says nothing. */
function seesAllData(cls: ClassInfo, m: MethodInfo): boolean {
  const flag = (mods: { annotations: { name: string; params: Record<string, string> }[] }) =>
    mods.annotations.find((a) => a.name === 'istest')?.params.seealldata?.toLowerCase();
  const own = m.decl ? flag(m.decl.mods) : undefined;
  return (own ?? (cls.decl ? flag(cls.decl.mods) : undefined)) === 'true';
}

function runClass(interp: Interpreter, cls: ClassInfo, methods: MethodInfo[]): TestResult[] {
  const data = interp.data;
  const before = data.snapshot();
  const setups = [...cls.methods.values()]
    .flat()
    .filter((m) => m.annotations.includes('testsetup'));
  let setupFailure: ApexFailure | null = null;
  if (setups.length) {
    interp.beginTransaction('sync', true);
    try {
      for (const s of setups) interp.invokeStatic(s, []);
    } catch (e) {
      setupFailure = describeFailure(interp, e);
    }
    interp.endTransaction(!setupFailure);
  }
  const baseline = data.snapshot();
  const out: TestResult[] = [];
  for (const m of methods) {
    data.restore(baseline);
    const debugStart = interp.debugLines.length;
    const t0 = performance.now();
    let failure: ApexFailure | null = setupFailure;
    if (!failure) {
      interp.beginTransaction('sync', true);
      interp.seeAllData = seesAllData(cls, m);
      try {
        interp.invokeStatic(m, []);
      } catch (e) {
        failure = describeFailure(interp, e);
      }
      interp.seeAllData = false;
      interp.endTransaction(!failure);
    }
    out.push({
      className: cls.name,
      methodName: m.name,
      outcome: failure ? 'Fail' : 'Pass',
      time: Math.round(performance.now() - t0),
      failure,
      debug: interp.debugLines.slice(debugStart).map((d) => d.message),
    });
  }
  data.restore(before);
  interp.isTest = false;
  return out;
}
