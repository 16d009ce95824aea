/** Conformance: classes, interfaces, enums, properties, constructors, initialisation order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, failure, interpreterWith } from './helpers';
import { runAnonymous } from '../../src/interp/anonymous';

const CLASSES = {
  Shape: `public abstract class Shape {
    protected String label;
    public Shape(String label) { this.label = label; System.debug('Shape ctor ' + label); }
    public abstract Decimal area();
    public virtual String describe() { return label + ' with area ' + area(); }
  }`,
  Square: `public class Square extends Shape {
    private Decimal side = initSide();
    public Square(Decimal side) { super('square'); this.side = side; System.debug('Square ctor'); }
    private Decimal initSide() { System.debug('Square field init'); return 0; }
    public override Decimal area() { return side * side; }
    public override String describe() { return 'A ' + super.describe(); }
  }`,
  Point: `public class Point {
    public Integer x { get; set; }
    public Integer y { get; private set; }
    public Point() { this(0, 0); }
    public Point(Integer x, Integer y) { this.x = x; this.y = y; }
    public Point(String s) { this(Integer.valueOf(s), 0); }
    public Boolean equals(Object o) {
      if (!(o instanceof Point)) return false;
      Point p = (Point) o;
      return p.x == x && p.y == y;
    }
    public Integer hashCode() { return 31 * x + y; }
    public override String toString() { return '(' + x + ', ' + y + ')'; }
  }`,
  Counter: `public class Counter {
    public static Integer instances = 0;
    public static final String PREFIX;
    static {
      PREFIX = 'C';
      System.debug('static init');
    }
    public Integer id;
    {
      instances++;
      id = instances;
    }
    public static String nextLabel() { return PREFIX + (instances + 1); }
  }`,
  Lazy: `public class Lazy {
    public List<String> items {
      get {
        if (items == null) { items = new List<String>(); System.debug('created'); }
        return items;
      }
      set;
    }
    public Integer doubled {
      get { return raw * 2; }
      set { raw = value / 2; }
    }
    private Integer raw = 0;
    public static String mode { get; set; }
  }`,
  Greeter: 'public interface Greeter { String greet(String name); }',
  Polite:
    "public class Polite implements Greeter { public String greet(String name) { return 'Good day, ' + name; } }",
  Casual:
    "public class Casual implements Greeter { public String greet(String name) { return 'Hi ' + name; } }",
  Season: 'public enum Season { WINTER, SPRING, SUMMER, FALL }',
  Host: `public class Host {
    private static Integer secret = 42;
    public static Integer reveal() { return Nested.peek(); }
    public class Nested {
      public String name = 'inner';
      public static Integer peek() { return secret + helper(); }
    }
    static Integer helper() { return 1; }
    public enum Mode { UP, DOWN }
  }`,
  Plain: "public class Plain { public Integer a = 1; public String b = 'x'; }",
  Overloads: `public class Overloads {
    public static String kind(Integer i) { return 'Integer'; }
    public static String kind(String s) { return 'String'; }
    public static String kind(Object o) { return 'Object'; }
    public static String kind(Integer a, Integer b) { return 'two'; }
    public static String nul(Object o) { return 'Object'; }
    public static String nul(String s) { return 'String'; }
  }`,
  Fib: 'public class Fib { public static Integer nth(Integer n) { return n < 2 ? n : nth(n - 1) + nth(n - 2); } }',
  Box: 'public class Box { public List<Integer> values = new List<Integer>(); public void add(Integer v) { values.add(v); } }',
  Person: `public class Person implements Comparable {
    public String name; public Integer age;
    public Person(String n, Integer a) { name = n; age = a; }
    public Integer compareTo(Object other) { return age - ((Person) other).age; }
  }`,
  ByName: `public class ByName implements Comparator<Person> {
    public Integer compare(Person a, Person b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }
  }`,
};

const cases: [string, string, string[]][] = [
  [
    // Unlike Java: fflib's DerivedUnitOfWork reads its own initialised field from an override
    // its superclass's constructor calls, and its tests pass on the platform.
    'field initialisers run before any constructor, super() included; abstract methods dispatch virtually',
    'Shape s = new Square(3); System.debug(s.area());',
    ['Square field init', 'Shape ctor square', 'Square ctor', '9'],
  ],
  [
    'super.method() calls the parent implementation',
    'System.debug(new Square(2).describe());',
    ['Square field init', 'Shape ctor square', 'Square ctor', 'A square with area 4'],
  ],
  [
    'this(...) chains constructors',
    "Point p = new Point(); System.debug(p.x + ',' + p.y);",
    ['0,0'],
  ],
  [
    'constructor overloads are chosen by argument types',
    'Point p = new Point(3, 4); System.debug(p);',
    ['(3, 4)'],
  ],
  ['auto-properties get and set', 'Point p = new Point(); p.x = 7; System.debug(p.x);', ['7']],
  [
    'toString is used by concatenation and String.valueOf',
    "Point p = new Point(1, 2); System.debug('at ' + p);",
    ['at (1, 2)'],
  ],
  ['default toString lists the fields', 'System.debug(new Plain());', ['Plain:[a=1, b=x]']],
  [
    'equals and hashCode make == compare by value',
    'System.debug(new Point(1, 2) == new Point(1, 2)); System.debug(new Point(1, 2) == new Point(2, 1));',
    ['true', 'false'],
  ],
  [
    'equals and hashCode are used by Set and Map keys',
    "Set<Point> s = new Set<Point>{new Point(1, 1), new Point(1, 1), new Point(2, 2)}; System.debug(s.size()); Map<Point, String> m = new Map<Point, String>(); m.put(new Point(5, 5), 'five'); System.debug(m.get(new Point(5, 5)));",
    ['2', 'five'],
  ],
  [
    'without equals, == compares references',
    'Plain a = new Plain(); Plain b = new Plain(); System.debug(a == b); System.debug(a == a);',
    ['false', 'true'],
  ],
  [
    'static initialiser runs once, on first use',
    'System.debug(Counter.nextLabel()); System.debug(Counter.nextLabel());',
    ['static init', 'C1', 'C1'],
  ],
  [
    'instance initialiser blocks run for every instance',
    'Counter a = new Counter(); Counter b = new Counter(); System.debug(b.id); System.debug(Counter.instances);',
    ['static init', '2', '2'],
  ],
  [
    'getter with lazy initialisation uses the backing field',
    "Lazy l = new Lazy(); l.items.add('a'); l.items.add('b'); System.debug(l.items.size());",
    ['created', '2'],
  ],
  [
    'property with custom get and set',
    'Lazy l = new Lazy(); l.doubled = 10; System.debug(l.doubled);',
    ['10'],
  ],
  ['static property', "Lazy.mode = 'fast'; System.debug(Lazy.mode);", ['fast']],
  [
    'interface implementations dispatch polymorphically',
    "List<Greeter> gs = new List<Greeter>{new Polite(), new Casual()}; for (Greeter g : gs) System.debug(g.greet('Ann'));",
    ['Good day, Ann', 'Hi Ann'],
  ],
  [
    'instanceof an interface',
    'Object o = new Polite(); System.debug(o instanceof Greeter);',
    ['true'],
  ],
  [
    'enum values(), name() and ordinal()',
    'System.debug(Season.values()); System.debug(Season.FALL.name()); System.debug(Season.SUMMER.ordinal());',
    ['(WINTER, SPRING, SUMMER, FALL)', 'FALL', '2'],
  ],
  [
    'enum valueOf',
    "Season s = Season.valueOf('SPRING'); System.debug(s == Season.SPRING);",
    ['true'],
  ],
  [
    'enums print their name and work as map keys',
    "Map<Season, Integer> m = new Map<Season, Integer>{Season.WINTER => 1}; System.debug(m.get(Season.WINTER)); System.debug('' + Season.WINTER);",
    ['1', 'WINTER'],
  ],
  [
    'inner classes and their static access to outer statics',
    'System.debug(Host.reveal()); Host.Nested i = new Host.Nested(); System.debug(i.name);',
    ['43', 'inner'],
  ],
  ['inner enums', 'System.debug(Host.Mode.DOWN.ordinal());', ['1']],
  [
    'method overloads resolve by runtime argument type',
    "System.debug(Overloads.kind(1)); System.debug(Overloads.kind('s')); System.debug(Overloads.kind(new Plain())); System.debug(Overloads.kind(1, 2));",
    ['Integer', 'String', 'Object', 'two'],
  ],
  ['recursion', 'System.debug(Fib.nth(15));', ['610']],
  [
    'objects are passed by reference',
    'Box b = new Box(); b.add(1); b.add(2); System.debug(b.values);',
    ['(1, 2)'],
  ],
  [
    'Comparable drives List.sort()',
    "List<Person> ps = new List<Person>{new Person('b', 30), new Person('a', 20), new Person('c', 25)}; ps.sort(); for (Person p : ps) System.debug(p.name);",
    ['a', 'c', 'b'],
  ],
  [
    'a Comparator drives List.sort(comparator)',
    "List<Person> ps = new List<Person>{new Person('b', 30), new Person('a', 20), new Person('c', 25)}; ps.sort(new ByName()); for (Person p : ps) System.debug(p.name);",
    ['a', 'b', 'c'],
  ],
  [
    'Type.forName and newInstance',
    "Type t = Type.forName('Plain'); Object o = t.newInstance(); System.debug(o instanceof Plain); System.debug(t.getName());",
    ['true', 'Plain'],
  ],
  [
    'Type.forName of an unknown class is null',
    "System.debug(Type.forName('NoSuchClass'));",
    ['null'],
  ],
  [
    'Foo.class equals Type.forName(Foo)',
    "System.debug(Plain.class == Type.forName('Plain')); System.debug(Plain.class.equals(Type.forName('plain')));",
    ['true', 'true'],
  ],
  [
    'Type of an inner class',
    "System.debug(Type.forName('Host.Nested').getName());",
    ['Host.Nested'],
  ],
  [
    'methods declared in anonymous Apex',
    'Integer sq(Integer x) { return x * x; } System.debug(sq(7));',
    ['49'],
  ],
  [
    'classes declared in anonymous Apex',
    "class Tmp { String hi() { return 'hi'; } } System.debug(new Tmp().hi());",
    ['hi'],
  ],
  [
    'a null argument picks the most specific overload',
    'System.debug(Overloads.nul(null));',
    ['String'],
  ],
  [
    'Type.isAssignableFrom follows the class hierarchy and numeric widening',
    'System.debug(Shape.class.isAssignableFrom(Square.class)); System.debug(Square.class.isAssignableFrom(Shape.class)); System.debug(Greeter.class.isAssignableFrom(Polite.class)); System.debug(Object.class.isAssignableFrom(Plain.class)); System.debug(Long.class.isAssignableFrom(Integer.class)); System.debug(Integer.class.isAssignableFrom(Long.class));',
    ['true', 'false', 'true', 'true', 'true', 'false'],
  ],
];

for (const [name, src, expected] of cases) {
  test(name, () => assert.deepEqual(debug(src, CLASSES), expected));
}

test('static variables are reset in every transaction', () => {
  const interp = interpreterWith(CLASSES);
  runAnonymous(interp, 'Counter.instances = 10;');
  const r = runAnonymous(interp, 'System.debug(Counter.instances);');
  assert.deepEqual(
    r.debug.map((d) => d.message),
    ['static init', '0'],
  );
});

test('constructing an abstract class fails', () => {
  const e = failure("Type.forName('Shape').newInstance();", CLASSES);
  assert.equal(e.type, 'System.TypeException');
});

test('a class extending an unknown platform class fails only when used', () => {
  const classes = {
    Plugin: 'public class Plugin extends Auth.ConnectedAppPlugin { public static Integer x = 1; }',
    Fine: "public class Fine { public static String hi() { return 'hi'; } }",
  };
  assert.deepEqual(debug('System.debug(Fine.hi());', classes), ['hi']);
  const e = failure('System.debug(Plugin.x);', classes);
  assert.equal(e.type, 'NotSupportedError');
  assert.equal(
    e.message,
    'not supported in localorg: superclass Auth.ConnectedAppPlugin of Plugin',
  );
});

test('custom exceptions may extend System.Exception', () => {
  assert.deepEqual(
    debug("try { throw new SysEx('m'); } catch (Exception e) { System.debug(e.getMessage()); }", {
      SysEx: 'public class SysEx extends System.Exception {}',
    }),
    ['m'],
  );
});
