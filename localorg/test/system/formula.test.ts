/**
 * The Apex Formula API, following the Apex Reference Guide, "FormulaEval Namespace"
 * (FormulaBuilder, FormulaInstance and its MotorYacht example) and "FormulaValidationException".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

const yacht = `
  MotorYacht boat = new MotorYacht();
  boat.lengthInYards = 52;
  boat.price = 1250000;
  boat.name = 'RV Foo';
  boat.launched = Date.newInstance(2020, 1, 31);
  boat.owner = new Account(Name = 'Acme Watercraft', Site = 'New York');`;

const build = (formula: string, returnType: string) => `
  Formula.builder().withType(MotorYacht.class).withFormula('${formula}')
    .withReturnType(FormulaEval.FormulaReturnType.${returnType}).build()`;

// "FormulaInstance Class": the MotorYacht example, through a field and an SObject relationship.
test('formulas read global fields and SObject fields of the context object', () => {
  assert.deepEqual(
    debugOf(`${yacht}
      System.debug(${build('IF(lengthInYards < 100, "Not Super", "Super")', 'STRING')}.evaluate(boat));
      System.debug(${build('owner.Name & " (" & owner.Site & ")"', 'STRING')}.evaluate(boat));
      System.debug(${build('price * 2', 'DECIMAL')}.evaluate(boat));
      System.debug(${build('ADDMONTHS(launched, 1)', 'DATE')}.evaluate(boat));
      System.debug(${build('lengthInYards > 50 && CONTAINS(name, "Foo")', 'BOOLEAN')}.evaluate(boat));
      System.debug(${build('lengthInYards + 1', 'INTEGER')}.getReferencedFields());`),
    ['Not Super', 'Acme Watercraft (New York)', '2500000', '2020-02-29', 'true', '{lengthInYards}'],
  );
});

// "FormulaBuilder Class" (treatNumericNullAsZero): blanks stay blank unless asked otherwise.
test('a blank number gives a blank result unless treated as zero; blank text is empty', () => {
  assert.deepEqual(
    debugOf(`
      MotorYacht boat = new MotorYacht();
      System.debug(${build('lengthInYards * 2', 'INTEGER')}.evaluate(boat));
      System.debug(Formula.builder().withType(MotorYacht.class).withFormula('lengthInYards * 2')
        .withReturnType(FormulaEval.FormulaReturnType.INTEGER).treatNumericNullAsZero(true)
        .build().evaluate(boat));
      System.debug(${build('ISBLANK(name) && NOT(CONTAINS(name, "x"))', 'BOOLEAN')}.evaluate(boat));`),
    ['null', '0', 'true'],
  );
});

// "FormulaBuilder Class" (build): syntax, references, visibility and result type are validated.
test('build() raises FormulaValidationException for what the platform rejects', () => {
  const cases: [string, RegExp][] = [
    [build('This will not compile!!!', 'BOOLEAN'), /Syntax error/],
    [build('hull.Name = "x"', 'BOOLEAN'), /Field hull.Name does not exist/],
    [build('secret = "x"', 'BOOLEAN'), /not global/],
    [build('name & "x"', 'BOOLEAN'), /incompatible with expected data type \(checkbox\)/],
    [
      `Formula.builder().withType(PrivateYacht.class).withFormula('lengthInYards > 1')
        .withReturnType(FormulaEval.FormulaReturnType.BOOLEAN).build()`,
      /PrivateYacht is not global/,
    ],
  ];
  for (const [source, message] of cases) {
    const f = failureOf(`Object o = ${source};`);
    assert.equal(f.type, 'System.FormulaValidationException', source);
    assert.match(f.message, message);
  }
});

test('global variables, template mode and the clock functions are refused loudly', () => {
  for (const source of [
    build('$User.Id = "x"', 'BOOLEAN'),
    build('TODAY() > launched', 'BOOLEAN'),
    `Formula.builder().parseAsTemplate(true)`,
  ]) {
    assert.equal(failureOf(`Object o = ${source};`).type, 'NotSupportedError', source);
  }
  assert.deepEqual(debugOf('System.debug(FormulaEval.FormulaGlobal.values().size() > 0);'), [
    'true',
  ]);
});
