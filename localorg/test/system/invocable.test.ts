/**
 * Invocable actions from Apex, following the Apex Reference Guide, "Invocable Namespace"
 * (Action, Action.Result, Action.Error).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

// "Action Class": createCustomAction, setInvocationParameter, addInvocation, getInvocations.
test('an action collects its invocations and their parameters', () => {
  assert.deepEqual(
    debugOf(`
      Invocable.Action a = Invocable.Action.createCustomAction('flow', 'Greet_Account');
      a.setInvocationParameter('name', 'Acme');
      a.addInvocation().setInvocationParameter('name', 'Globex');
      System.debug(a.getType() + ' ' + a.getName() + ' ' + a.getNamespace());
      System.debug(a.getInvocations());
      System.debug(a.clearInvocations().getInvocations().size());
      Invocable.Action s = Invocable.Action.createStandardAction('chatterPost');
      System.debug(s.getName() + ' ' + s.isStandard());`),
    ['flow Greet_Account null', '({name=Acme}, {name=Globex})', '0', 'chatterPost true'],
  );
});

// "Action.Result Class": a custom action the org does not have fails per invocation.
test('invoking a flow the project lacks answers one failed result per invocation', () => {
  assert.deepEqual(
    debugOf(`
      Invocable.Action a = Invocable.Action.createCustomAction('flow', 'No_Such_Flow');
      a.setInvocations(new List<Map<String, Object>>{ new Map<String, Object>{ 'x' => 1 } });
      List<Invocable.Action.Result> results = a.invoke();
      System.debug(results.size() + ' ' + results[0].isSuccess());
      System.debug(results[0].getErrors()[0].getCode());
      System.debug(results[0].getInvocationParameters());
      System.debug(results[0].getAction().getName());`),
    ['1 false', 'NOT_FOUND', '{x=1}', 'No_Such_Flow'],
  );
});

test('running a flow, an Apex action or a standard action is refused loudly', () => {
  const flow = failureOf(
    `Invocable.Action.createCustomAction('flow', 'Greet_Account').addInvocation().invoke();`,
  );
  assert.equal(flow.type, 'NotSupportedError');
  assert.match(flow.message, /running flows .*Greet_Account/);
  const standard = failureOf(
    `Invocable.Action.createStandardAction('chatterPost').addInvocation().invoke();`,
  );
  assert.match(
    standard.message,
    /not supported in localorg: invoking the standard action chatterPost/,
  );
  const apex = failureOf(
    `Invocable.Action.createCustomAction('apex', 'SendGreeting').addInvocation().invoke();`,
  );
  assert.match(apex.message, /not supported in localorg: invoking the apex action SendGreeting/);
});

// "JSON Class": results and errors round-trip through JSON.serialize / JSON.deserialize.
test('Action.Result and Action.Error deserialise from JSON and serialise back', () => {
  assert.deepEqual(
    debugOf(`
      Invocable.Action.Error e = (Invocable.Action.Error) JSON.deserialize(
        '{"code":"C1","message":"bad"}', Invocable.Action.Error.class);
      Invocable.Action.Result r = (Invocable.Action.Result) JSON.deserialize(
        JSON.serialize(new Map<String, Object>{ 'success' => false,
          'errors' => new List<Invocable.Action.Error>{ e }, 'outputParameters' => new Map<String, Object>() }),
        Invocable.Action.Result.class);
      r.getOutputParameters().put('record', 'x');
      System.debug(r.isSuccess() + ' ' + r.getErrors()[0].getCode() + ' ' + r.getErrors()[0].getMessage());
      System.debug(r.getOutputParameters());
      System.debug(JSON.serialize(e));`),
    ['false C1 bad', '{record=x}', '{"code":"C1","message":"bad"}'],
  );
});
