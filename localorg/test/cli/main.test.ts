import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, parseArgs, parseRules } from '../../src/cli/main';

const basic = join(import.meta.dirname, '..', 'fixtures', 'basic');

function capture(argv: string[]): { code: number; out: string[] } {
  const out: string[] = [];
  const code = main(argv, (s) => out.push(...s.split('\n')));
  return { code, out };
}

test('parseArgs collects repeated options', () => {
  const a = parseArgs(['test', '--class', 'A', '--class=B', '--project', 'x']);
  assert.equal(a.command, 'test');
  assert.deepEqual(a.options.get('class'), ['A', 'B']);
});

test('localorg test exits 1 on failures and prints the closing line', () => {
  const { code, out } = capture(['test', '--project', basic]);
  assert.equal(code, 1);
  assert.equal(out[out.length - 1], '2 passed, 1 failed');
});

test('localorg test exits 0 when the selected tests pass', () => {
  const { code, out } = capture([
    'test',
    '--project',
    basic,
    '--method',
    'it_adds_values,it_rejects_division_by_zero',
  ]);
  assert.equal(code, 0);
  assert.equal(out[out.length - 1], '2 passed, 0 failed');
});

test('--min-coverage fails when a class is below the minimum', () => {
  const { code, out } = capture([
    'test',
    '--project',
    basic,
    '--method',
    'it_adds_values',
    '--min-coverage',
    '90',
  ]);
  assert.equal(code, 1);
  assert.ok(out.some((l) => l === 'Coverage of Calculator is 37.50%, below the minimum 90%'));
});

test('--junit and --coverage-json write files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-cli-'));
  capture([
    'test',
    '--project',
    basic,
    '--junit',
    join(dir, 'j.xml'),
    '--coverage-json',
    join(dir, 'c.json'),
  ]);
  assert.match(readFileSync(join(dir, 'j.xml'), 'utf8'), /<testsuites tests="3" failures="1">/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'))[0].total, 8);
});

test('localorg run prints System.debug output as DEBUG|message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-run-'));
  const script = join(dir, 's.apex');
  writeFileSync(
    script,
    "Calculator c = new Calculator();\nSystem.debug(c.add(4));\nSystem.debug(LoggingLevel.ERROR, 'bad');\n",
  );
  const { code, out } = capture(['run', script, '--project', basic]);
  assert.equal(code, 0);
  assert.deepEqual(out, ['DEBUG|4', 'ERROR|bad']);
});

test('localorg run reports an uncaught exception with its trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-run-'));
  const script = join(dir, 's.apex');
  writeFileSync(script, 'Integer x = 1;\nnew Calculator().divide(x, 0);\n');
  const { code, out } = capture(['run', script, '--project', basic]);
  assert.equal(code, 1);
  assert.equal(out[0], 'Calculator.CalculatorException: Cannot divide by zero');
  assert.equal(out[1], 'Class.Calculator.divide: line 11, column 7');
  assert.equal(out[2], 'AnonymousBlock: line 2, column 1');
});

test('a project with a syntax error is reported with file, line and column; exit code 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-bad-'));
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'src' }] }),
  );
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'Bad.cls'), 'public class Bad {\n  Integer x = ;\n}\n');
  const { code, out } = capture(['test', '--project', dir]);
  assert.equal(code, 2);
  assert.match(out[0], /Bad\.cls:2:15: /);
});

test('--report causes prints the failures by cause before the closing line', () => {
  const { code, out } = capture(['test', '--project', basic, '--report', 'causes']);
  assert.equal(code, 1);
  const at = out.indexOf('Failures by cause (1 causes):');
  assert.ok(at > 0, 'the causes section is printed');
  assert.equal(out[at + 1], '  1  assertion');
  assert.equal(out[out.length - 1], '2 passed, 1 failed');
});

test('an unknown --report is refused with the usage', () => {
  const { code, out } = capture(['test', '--project', basic, '--report', 'speed']);
  assert.equal(code, 2);
  assert.equal(out[0], 'unknown report "speed" (known: causes)');
});

test('--rule names the platform rules an org can switch; one that always applies is a usage error', () => {
  assert.deepEqual(parseRules(['mixed-dml']), { mixedDml: true });
  for (const always of ['whole-second-datetimes', 'user-mode-permissions', 'lenient']) {
    const { code, out } = capture(['test', '--project', basic, '--rule', always]);
    assert.equal(code, 2);
    assert.match(out[0], new RegExp(`--rule needs one of mixed-dml, got "${always}"`));
  }
});

test('--help and -h print what each command and option does, and exit 0', () => {
  for (const argv of [['--help'], ['run', '--help'], ['test', '-h'], ['help']]) {
    const { code, out } = capture(argv);
    assert.equal(code, 0, argv.join(' '));
    assert.equal(out[0], 'usage:', argv.join(' '));
    assert.ok(
      out.some((line) => line.includes('--permission-set N   (run) assigns the permission set')),
      out.join('\n'),
    );
  }
});

test('run --permission-set assigns the permission sets to the running user first', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-cli-'));
  const script = join(dir, 'script.apex');
  writeFileSync(
    script,
    "System.debug(FeatureManagement.checkPermission('Conduit_Run'));\n" +
      'System.debug([SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = :UserInfo.getUserId() AND PermissionSet.IsOwnedByProfile = false].size());',
  );
  const project = join(import.meta.dirname, '..', 'fixtures', 'platform');
  assert.deepEqual(capture(['run', script, '--project', project]).out, ['DEBUG|false', 'DEBUG|0']);
  const { code, out } = capture([
    'run',
    script,
    '--project',
    project,
    '--permission-set',
    'Conduit_Operator',
  ]);
  assert.equal(code, 0, out.join('\n'));
  assert.deepEqual(out, ['DEBUG|true', 'DEBUG|1']);
});
