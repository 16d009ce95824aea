/**
 * Invocable actions from Apex (Apex Reference Guide, "Invocable Namespace": `Action`,
 * `Action.Result`, `Action.Error`). An action collects invocations (one map of input parameters
 * each) and `invoke()` answers one result per invocation. localorg knows which flows a project
 * has, so a custom action naming a flow the org lacks fails per invocation as on the platform;
 * running a flow, an Apex action or a standard action is refused loudly.
 */
import type { NativeClass, NativeJson, Runtime } from '../../runtime/native';
import {
  ApexError,
  ApexList,
  ApexMap,
  NativeObject,
  NotSupportedError,
  typeRef,
  type TypeRef,
  type Value,
} from '../../runtime/values';
import { asyncOf } from './context';

const ACTION = 'Invocable.Action';
const RESULT = 'Invocable.Action.Result';
const ERROR = 'Invocable.Action.Error';
const STRING = typeRef('String');
const OBJECT = typeRef('Object');
const PARAMS: TypeRef = typeRef('Map', STRING, OBJECT);

interface ActionState {
  standard: boolean;
  type: string;
  namespace: string | null;
  name: string;
  invocations: ApexMap[];
}

interface ResultState {
  action: Value;
  success: boolean;
  errors: ApexList;
  outputParameters: ApexMap;
  invocationParameters: ApexMap;
}

interface ErrorState {
  code: string | null;
  message: string | null;
}

const str = (v: Value | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

function required(v: Value | undefined, what: string): string {
  const s = str(v);
  if (s === null || s === '') {
    throw new ApexError('System.IllegalArgumentException', `${what} cannot be null or empty`);
  }
  return s;
}

function actionOf(v: Value): ActionState {
  if (!(v instanceof NativeObject) || v.typeName !== ACTION) {
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  }
  return v.state as ActionState;
}

const resultOf = (v: Value) => (v as NativeObject<ResultState>).state;
const errorOf = (v: Value) => (v as NativeObject<ErrorState>).state;
const newParams = () => new ApexMap(STRING, OBJECT);

function copyParams(rt: Runtime, from: Value): ApexMap {
  const m = newParams();
  if (from instanceof ApexMap) {
    for (const [k, v] of from.entries.values()) m.entries.set(rt.hashKey(k), [k, v]);
  }
  return m;
}

function newAction(state: ActionState): NativeObject<ActionState> {
  return new NativeObject(ACTION, state);
}

function newError(code: string | null, message: string | null): NativeObject<ErrorState> {
  return new NativeObject(ERROR, { code, message });
}

function newResult(state: ResultState): NativeObject<ResultState> {
  return new NativeObject(RESULT, state);
}

/**
 * The platform answers an action it cannot find with a failed result per invocation; the
 * error code and message are those of the Actions REST resource for an unknown action.
 */
function notFound(rt: Runtime, action: Value, params: ApexMap): Value {
  return newResult({
    action,
    success: false,
    errors: new ApexList(typeRef(ERROR), [
      newError('NOT_FOUND', 'The requested resource does not exist'),
    ]),
    outputParameters: newParams(),
    invocationParameters: copyParams(rt, params),
  });
}

function invoke(rt: Runtime, self: Value): Value {
  const a = actionOf(self);
  const what = a.standard ? `standard action ${a.type}` : `${a.type} action ${a.name}`;
  if (a.standard) throw new NotSupportedError(`invoking the ${what} (Invocable.Action)`);
  if (a.type.toLowerCase() !== 'flow') {
    throw new NotSupportedError(`invoking the ${what} (Invocable.Action)`);
  }
  if (asyncOf(rt).project.flow(a.name)) {
    throw new NotSupportedError(`running flows (Invocable.Action ${what})`);
  }
  return new ApexList(
    typeRef(RESULT),
    a.invocations.map((params) => notFound(rt, self, params)),
  );
}

function currentInvocation(a: ActionState): ApexMap {
  if (a.invocations.length === 0) a.invocations.push(newParams());
  return a.invocations[a.invocations.length - 1];
}

const actionJson: NativeJson = {
  fields: [
    { name: 'type', type: STRING },
    { name: 'namespace', type: STRING },
    { name: 'name', type: STRING },
    { name: 'standard', type: typeRef('Boolean') },
  ],
  write: (_rt, self) => {
    const a = actionOf(self);
    return [a.type, a.namespace, a.name, a.standard];
  },
  read: (_rt, v) =>
    newAction({
      type: str(v.get('type')) ?? '',
      namespace: str(v.get('namespace')),
      name: str(v.get('name')) ?? '',
      standard: v.get('standard') === true,
      invocations: [],
    }),
};

const resultJson: NativeJson = {
  fields: [
    { name: 'action', type: typeRef(ACTION) },
    { name: 'errors', type: typeRef('List', typeRef(ERROR)) },
    { name: 'success', type: typeRef('Boolean') },
    { name: 'outputParameters', type: PARAMS },
    { name: 'invocationParameters', type: PARAMS },
  ],
  write: (_rt, self) => {
    const r = resultOf(self);
    return [r.action, r.errors, r.success, r.outputParameters, r.invocationParameters];
  },
  read: (rt, v) =>
    newResult({
      action: v.get('action') ?? null,
      errors: (v.get('errors') as ApexList | undefined) ?? new ApexList(typeRef(ERROR), []),
      success: v.get('success') === true,
      outputParameters: copyParams(rt, v.get('outputparameters') ?? null),
      invocationParameters: copyParams(rt, v.get('invocationparameters') ?? null),
    }),
};

const errorJson: NativeJson = {
  fields: [
    { name: 'code', type: STRING },
    { name: 'message', type: STRING },
  ],
  write: (_rt, self) => [errorOf(self).code, errorOf(self).message],
  read: (_rt, v) => newError(str(v.get('code')), str(v.get('message'))),
};

export const invocableClasses: NativeClass[] = [
  {
    name: 'Action',
    namespace: 'Invocable',
    json: actionJson,
    statics: {
      createcustomaction: (_rt, a) =>
        newAction({
          standard: false,
          type: required(a[0], 'type'),
          namespace: a.length > 2 ? str(a[1]) : null,
          name: required(a.length > 2 ? a[2] : a[1], 'name'),
          invocations: [],
        }),
      createstandardaction: (_rt, a) => {
        const type = required(a[0], 'type');
        return newAction({ standard: true, type, namespace: null, name: type, invocations: [] });
      },
    },
    methods: {
      getname: (_rt, _a, s) => actionOf(s).name,
      getnamespace: (_rt, _a, s) => actionOf(s).namespace,
      gettype: (_rt, _a, s) => actionOf(s).type,
      isstandard: (_rt, _a, s) => actionOf(s).standard,
      addinvocation: (_rt, _a, s) => (actionOf(s).invocations.push(newParams()), s),
      clearinvocations: (_rt, _a, s) => ((actionOf(s).invocations = []), s),
      setinvocationparameter: (rt, a, s) => {
        const name = required(a[0], 'parameterName');
        currentInvocation(actionOf(s)).entries.set(rt.hashKey(name), [name, a[1] ?? null]);
        return s;
      },
      setinvocations: (rt, a, s) => {
        const list = a[0] ?? null;
        actionOf(s).invocations =
          list instanceof ApexList ? list.items.map((m) => copyParams(rt, m)) : [];
        return s;
      },
      getinvocations: (_rt, _a, s) => new ApexList(PARAMS, [...actionOf(s).invocations] as Value[]),
      invoke: (rt, _a, s) => invoke(rt, s),
      clone: (rt, _a, s) => {
        const a = actionOf(s);
        return newAction({ ...a, invocations: a.invocations.map((m) => copyParams(rt, m)) });
      },
    },
  },
  {
    name: 'Action.Result',
    namespace: 'Invocable',
    json: resultJson,
    methods: {
      getaction: (_rt, _a, s) => resultOf(s).action,
      geterrors: (_rt, _a, s) => resultOf(s).errors,
      getinvocationparameters: (_rt, _a, s) => resultOf(s).invocationParameters,
      getoutputparameters: (_rt, _a, s) => resultOf(s).outputParameters,
      issuccess: (_rt, _a, s) => resultOf(s).success,
      clone: (_rt, _a, s) => newResult({ ...resultOf(s) }),
    },
  },
  {
    name: 'Action.Error',
    namespace: 'Invocable',
    json: errorJson,
    methods: {
      getcode: (_rt, _a, s) => errorOf(s).code,
      getmessage: (_rt, _a, s) => errorOf(s).message,
      clone: (_rt, _a, s) => newError(errorOf(s).code, errorOf(s).message),
    },
  },
];
