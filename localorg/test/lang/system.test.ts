/** Conformance: System, Assert, UserInfo, Limits, Test and runAs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, failure, interpreterWith } from '../interp/helpers';
import { runAnonymous } from '../../src/interp/anonymous';
import { Interpreter } from '../../src/interp/interpreter';
import { fakeDataService } from '../fixtures/fake-data';

test('System.debug prints String.valueOf of any value', () => {
  assert.deepEqual(
    debug(
      "System.debug(null); System.debug(42); System.debug(true); System.debug(new Set<String>{'a'});",
    ),
    ['null', '42', 'true', '{a}'],
  );
});

test('System.debug with a logging level', () => {
  const r = runAnonymous(interpreterWith(), "System.debug(LoggingLevel.WARN, 'careful');");
  assert.deepEqual(r.debug, [{ level: 'WARN', message: 'careful' }]);
});

const assertions: [string, string, string][] = [
  ['System.assert without message', 'System.assert(false);', 'Assertion Failed'],
  [
    'System.assert with message',
    "System.assert(1 > 2, 'one is not greater');",
    'Assertion Failed: one is not greater',
  ],
  ['System.assertEquals', 'System.assertEquals(1, 2);', 'Assertion Failed: Expected: 1, Actual: 2'],
  [
    'System.assertEquals with message',
    "System.assertEquals('a', 'b', 'letters');",
    'Assertion Failed: letters: Expected: a, Actual: b',
  ],
  ['System.assertNotEquals', 'System.assertNotEquals(3, 3);', 'Assertion Failed: Same value: 3'],
  ['Assert.areEqual', 'Assert.areEqual(1, 2);', 'Assertion Failed: Expected: 1, Actual: 2'],
  ['Assert.areNotEqual', 'Assert.areNotEqual(3, 3);', 'Assertion Failed: Same value: 3'],
  [
    'Assert.isTrue',
    "Assert.isTrue(false, 'should hold');",
    'Assertion Failed: should hold: Expected: true, Actual: false',
  ],
  ['Assert.isFalse', 'Assert.isFalse(true);', 'Assertion Failed: Expected: false, Actual: true'],
  ['Assert.isNull', "Assert.isNull('x');", 'Assertion Failed: Expected: null, Actual: x'],
  [
    'Assert.isNotNull',
    'Assert.isNotNull(null);',
    'Assertion Failed: Expected: not null, Actual: null',
  ],
  ['Assert.fail', "Assert.fail('unreachable');", 'Assertion Failed: unreachable'],
  [
    'Assert.isInstanceOfType',
    "Assert.isInstanceOfType('x', Integer.class);",
    'Assertion Failed: Expected: instance of Integer, Actual: x',
  ],
];

for (const [name, src, message] of assertions) {
  test(`${name} fails with System.AssertException`, () => {
    const e = failure(src);
    assert.equal(e.type, 'System.AssertException');
    assert.equal(e.message, message);
  });
}

test('passing assertions do nothing', () => {
  assert.deepEqual(
    debug(
      "System.assert(true); System.assertEquals('a', 'A'); System.assertNotEquals(1, 2); Assert.areEqual(1, 1L); Assert.isTrue(true); Assert.isNull(null); Assert.isInstanceOfType(5, Integer.class); Assert.isNotInstanceOfType(5, String.class); System.debug('ok');",
    ),
    ['ok'],
  );
});

test('UserInfo describes the running user', () => {
  assert.deepEqual(
    debug(
      'System.debug(UserInfo.getUserId()); System.debug(UserInfo.getUserName()); System.debug(UserInfo.getName()); System.debug(UserInfo.getUserEmail()); System.debug(UserInfo.getLocale()); System.debug(UserInfo.getTimeZone().getId()); System.debug(UserInfo.getOrganizationId()); System.debug(UserInfo.getProfileId());',
    ),
    [
      '005000000000001AAA',
      'admin@localorg.test',
      'Local Admin',
      'admin@localorg.test',
      'en_US',
      'GMT',
      '00D000000000001EAA',
      '00e000000000001AAA',
    ],
  );
});

test('System.runAs switches UserInfo for its block only', () => {
  assert.deepEqual(
    debug(
      "User u = new User(Id = '005000000000002AAA', Username = 'ops@example.com', FirstName = 'Op', LastName = 'Erator'); System.runAs(u) { System.debug(UserInfo.getUserName()); System.debug(UserInfo.getName()); System.debug(UserInfo.getUserId()); } System.debug(UserInfo.getUserName());",
    ),
    ['ops@example.com', 'Op Erator', '005000000000002AAA', 'admin@localorg.test'],
  );
});

test('Limits report the per-transaction limits', () => {
  assert.deepEqual(
    debug(
      'System.debug(Limits.getQueries()); System.debug(Limits.getLimitQueries()); System.debug(Limits.getLimitDmlStatements()); System.debug(Limits.getLimitDmlRows()); System.debug(Limits.getLimitCpuTime()); System.debug(Limits.getLimitCallouts()); System.debug(Limits.getLimitQueryRows());',
    ),
    ['0', '100', '150', '10000', '10000', '100', '50000'],
  );
});

test('Limits read the governor counters', () => {
  const interp = interpreterWith();
  interp.beginTransaction();
  interp.limits.consume('queries', 3);
  const q = interp.nativeClass('Limits')!.statics!.getqueries(interp, [], null);
  assert.equal(q, 3);
});

test('Test.startTest gives fresh counters and Test.stopTest restores them and runs hooks', () => {
  const interp = interpreterWith();
  const ran: string[] = [];
  interp.onStopTest(() => ran.push('async work'));
  interp.beginTransaction('sync', true);
  interp.limits.consume('queries', 5);
  interp.startTest();
  assert.equal(interp.limits.get('queries'), 0);
  interp.limits.consume('queries', 1);
  interp.stopTest();
  assert.equal(interp.limits.get('queries'), 5);
  assert.deepEqual(ran, ['async work']);
});

test('Test.isRunningTest is false in anonymous Apex', () => {
  assert.deepEqual(debug('System.debug(Test.isRunningTest());'), ['false']);
});

test('System.now and System.today follow the clock', () => {
  const interp = new Interpreter({
    data: fakeDataService([]),
    clock: () => Date.UTC(2024, 1, 29, 23, 30, 0),
  });
  const r = runAnonymous(
    interp,
    'System.debug(System.now()); System.debug(System.today()); System.debug(System.currentTimeMillis());',
  );
  assert.deepEqual(
    r.debug.map((d) => d.message),
    ['2024-02-29 23:30:00', '2024-02-29', String(Date.UTC(2024, 1, 29, 23, 30, 0))],
  );
});

test('the CPU time limit stops runaway loops with an uncatchable LimitException', () => {
  let now = 0;
  // Every reading of the CPU clock advances it by one second of "CPU time".
  const interp = new Interpreter({ data: fakeDataService([]), cpuClock: () => (now += 1000) });
  const r = runAnonymous(
    interp,
    "try { Integer i = 0; while (true) { i++; } } catch (Exception e) { System.debug('caught'); }",
  );
  assert.equal(r.success, false);
  assert.equal(r.error?.type, 'System.LimitException');
  assert.equal(r.error?.message, 'Apex CPU time limit exceeded');
});

test('CPU time is counted from the work done, not the host clock: the same loop costs the same', () => {
  const cpu = () => {
    const r = runAnonymous(
      interpreterWith(),
      'Integer s = 0; for (Integer i = 0; i < 100000; i++) { s += i; } System.debug(Limits.getCpuTime());',
    );
    return Number(r.debug[0].message);
  };
  const first = cpu();
  assert.equal(cpu(), first, 'a second run reports the same CPU time');
  // 100,000 loop steps at 1.5 µs each: 150 ms, whatever the machine's load
  assert.ok(first >= 140 && first <= 160, `about 150 ms: ${first}`);
});

test('the modelled CPU time stops a runaway loop at the synchronous limit', () => {
  const r = runAnonymous(interpreterWith(), 'Integer i = 0; while (true) { i++; }');
  assert.equal(r.error?.message, 'Apex CPU time limit exceeded');
});

test('Test.createStub routes method calls to the StubProvider (Stub API)', () => {
  const classes = {
    DateFormatter:
      "public class DateFormatter { public String getDateFormat() { return 'real'; } public Integer add(Integer a, Integer b) { return a + b; } }",
    MockProvider: `@IsTest public class MockProvider implements System.StubProvider {
      public Object handleMethodCall(Object stubbedObject, String stubbedMethodName, Type returnType,
          List<Type> listOfParamTypes, List<String> listOfParamNames, List<Object> listOfArgs) {
        if (stubbedMethodName == 'getDateFormat' && returnType == String.class) return 'MM/dd/yyyy';
        System.debug(listOfParamTypes + ' ' + listOfParamNames + ' ' + listOfArgs);
        return 42;
      }
    }`,
  };
  assert.deepEqual(
    debug(
      'DateFormatter mock = (DateFormatter) Test.createStub(DateFormatter.class, new MockProvider()); System.debug(mock.getDateFormat()); System.debug(mock.add(1, 2)); System.debug(mock instanceof DateFormatter);',
      classes,
    ),
    ['MM/dd/yyyy', '(Integer, Integer) (a, b) (1, 2)', '42', 'true'],
  );
});
