/**
 * Declaring and linking classes: compilation units (classes, triggers, anonymous blocks) become
 * `ClassInfo`s with their superclass, interfaces, fields, properties, methods and constructors;
 * `linkAll` type-checks the method bodies at load.
 */
import { type TypeRef, type Value } from '../runtime/values';
import type {
  ClassDecl,
  CompilationUnit,
  EnumDecl,
  InterfaceDecl,
  MethodDecl,
  Modifiers,
  PropDecl,
  TypeDecl,
} from '../ast/nodes';
import {
  ClassInfo,
  Instance,
  type FieldInfo,
  type MethodInfo,
  type PropInfo,
  type SourceUnit,
  type TriggerInfo,
} from './model';
import { ApexCompileErrors, TypingError } from './compiler';
import { typeKey } from './types';
import { ClassRegistry } from './registry';

function hasAnnotation(mods: Modifiers, name: string): boolean {
  return mods.annotations.some((a) => a.name === name);
}

export function hasKeyword(mods: Modifiers, kw: string): boolean {
  return mods.keywords.includes(kw);
}

function collectInner(c: ClassInfo): ClassInfo[] {
  const out: ClassInfo[] = [];
  for (const i of c.inner.values()) out.push(i, ...collectInner(i));
  return out;
}

/** The highest line number mentioned in an AST (for sizing coverage arrays). */
function maxLine(ast: CompilationUnit): number {
  const end = ast.type?.endLine ?? ast.trigger?.endLine ?? 0;
  if (end) return end;
  let m = 0;
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    const o = x as Record<string, unknown>;
    if (typeof o.line === 'number' && o.line > m) m = o.line;
    if (typeof o.endLine === 'number' && o.endLine > m) m = o.endLine;
    for (const k in o) walk(o[k]);
  };
  walk(ast);
  return m;
}

export abstract class ClassLinker extends ClassRegistry {
  protected abstract compileMethod(m: MethodInfo): void;

  readonly triggers: TriggerInfo[] = [];
  readonly units: SourceUnit[] = [];

  /** Add a compiled unit (class file or trigger). Call `linkAll()` after the last one. */
  addUnit(
    ast: CompilationUnit,
    name: string,
    file: string,
    apiVersion: number | null = null,
  ): SourceUnit {
    const unit: SourceUnit = {
      name,
      kind: ast.trigger ? 'trigger' : ast.type ? 'class' : 'anonymous',
      file,
      hits: new Uint8Array(maxLine(ast) + 2),
      isTest: false,
      ast,
      apiVersion,
    };
    this.units.push(unit);
    if (ast.type) {
      const cls = this.declareClass(ast.type, null, unit);
      unit.isTest = cls.isTest;
    } else if (ast.trigger) {
      const t = ast.trigger;
      this.triggers.push({
        name: t.name,
        object: t.object,
        lobject: t.object.toLowerCase(),
        events: new Set(t.events),
        decl: t,
        unit,
        body: null,
        nlocals: 0,
      });
    }
    return unit;
  }

  private declareClass(decl: TypeDecl, outer: ClassInfo | null, unit: SourceUnit): ClassInfo {
    const name = outer ? `${outer.name}.${decl.name}` : decl.name;
    const cls = new ClassInfo(name, decl.kind, decl, outer, unit);
    cls.isTest = hasAnnotation(decl.mods, 'istest') || (outer?.isTest ?? false);
    cls.isAbstract = hasKeyword(decl.mods, 'abstract');
    cls.isVirtual = hasKeyword(decl.mods, 'virtual');
    this.classes.set(cls.lname, cls);
    outer?.inner.set(decl.name.toLowerCase(), cls);
    if (decl.kind === 'class') {
      for (const m of decl.members) {
        if (m.kind === 'class' || m.kind === 'interface' || m.kind === 'enum')
          this.declareClass(m, cls, unit);
      }
    }
    return cls;
  }

  /**
   * Link every class, then type-check the method bodies of the sources `check` selects (all by
   * default) as the Apex compiler does when classes are saved: a call no overload accepts or an
   * illegal assignment fails the load (`ApexCompileErrors`), after `passed` has been told of
   * each checked source without errors. Checked bodies are compiled now and kept; other
   * problems a body has (features localorg lacks) are reported when it runs, as before.
   * Sources not checked (they passed before: `typecheck-stamp.ts`) compile on first call.
   */
  linkAll(
    check: (unit: SourceUnit) => boolean = () => true,
    passed: (unit: SourceUnit) => void = () => {},
  ): void {
    for (const cls of this.classes.values()) this.link(cls);
    const errors: string[] = [];
    const checked = new Set<SourceUnit>();
    const failed = new Set<SourceUnit>();
    for (const cls of this.classes.values()) {
      const unit = cls.unit;
      if (cls.unsupported || cls.kind !== 'class' || !unit || !check(unit)) continue;
      checked.add(unit);
      const before = errors.length;
      for (const ms of cls.methods.values()) for (const m of ms) this.precompile(m, errors);
      for (const m of cls.ctors) this.precompile(m, errors);
      for (const mem of cls.members.values()) {
        if (mem.kind !== 'prop') continue;
        if (mem.p.getter) this.precompile(mem.p.getter, errors);
        if (mem.p.setter) this.precompile(mem.p.setter, errors);
      }
      if (errors.length > before) failed.add(unit);
    }
    for (const unit of checked) if (!failed.has(unit)) passed(unit);
    if (errors.length) throw new ApexCompileErrors(errors);
  }

  private precompile(m: MethodInfo, errors: string[]): void {
    if (m.body || m.native || !m.decl?.body) return;
    try {
      this.compileMethod(m);
    } catch (e) {
      if (e instanceof TypingError) errors.push(e.message);
    }
  }

  private link(cls: ClassInfo): void {
    if (cls.linked) return;
    cls.linked = true;
    const decl = cls.decl;
    if (!decl) return;
    const ctx = cls.outer ?? cls;
    const supers: TypeRef[] = decl.kind === 'class' ? (decl.ext ? [decl.ext] : []) : [];
    const ifaces: TypeRef[] =
      decl.kind === 'class' ? decl.impls : decl.kind === 'interface' ? decl.exts : [];
    for (const s of supers) {
      const sup = this.resolveClass(s.name, ctx) ?? this.resolveClass(s.name, cls);
      if (!sup) {
        // Reported when the class is used, so one unknown platform class does not stop the org.
        cls.unsupported = `superclass ${s.name} of ${cls.name}`;
        continue;
      }
      this.link(sup);
      cls.superclass = sup;
    }
    for (const i of ifaces) {
      const ic = this.resolveClass(i.name, ctx) ?? this.resolveClass(i.name, cls);
      if (ic) {
        this.link(ic);
        cls.interfaces.push(ic);
      } else {
        const k = typeKey(i.name);
        cls.nativeInterfaces.add(k);
        cls.nativeInterfaces.add(k.split('.').pop() as string);
      }
    }
    if (decl.kind === 'enum') {
      this.linkEnum(cls, decl);
      return;
    }
    if (decl.kind === 'interface') {
      this.linkInterface(cls, decl);
      return;
    }
    this.linkClass(cls, decl);
  }

  private linkEnum(cls: ClassInfo, decl: EnumDecl): void {
    cls.enumValues = decl.values.map((v, i) => {
      const inst = new Instance(cls, []);
      inst.enumName = v;
      inst.ordinal = i;
      return inst;
    });
    cls.initialized = true;
  }

  private linkInterface(cls: ClassInfo, decl: InterfaceDecl): void {
    for (const m of decl.methods) this.addMethod(cls, m, false);
  }

  private addMethod(cls: ClassInfo, m: MethodDecl, isStatic: boolean): MethodInfo {
    const info: MethodInfo = {
      name: m.name,
      lname: m.name.toLowerCase(),
      owner: cls,
      params: m.params,
      ret: m.ret,
      isStatic,
      isAbstract: !m.body,
      label: `Class.${cls.name}.${m.name}`,
      decl: m,
      body: null,
      nlocals: 0,
      annotations: m.mods.annotations.map((a) => a.name),
      isTest: hasAnnotation(m.mods, 'istest') || hasKeyword(m.mods, 'testmethod'),
    };
    const future = m.mods.annotations.find((a) => a.name === 'future');
    if (future) info.future = future.params.callout?.toLowerCase() === 'true' ? 'callout' : 'plain';
    const list = cls.methods.get(info.lname) ?? [];
    list.push(info);
    cls.methods.set(info.lname, list);
    return info;
  }

  private linkClass(cls: ClassInfo, decl: ClassDecl): void {
    const sup = cls.superclass;
    let slot = sup ? sup.nInstanceSlots : 0;
    const fields: FieldInfo[] = sup ? [...sup.instanceFields] : [];
    let sslot = 0;
    for (const m of decl.members) {
      if (m.kind === 'field') {
        const isStatic = hasKeyword(m.mods, 'static');
        for (const d of m.decls) {
          const f: FieldInfo = {
            name: d.name,
            lname: d.name.toLowerCase(),
            type: m.type,
            isStatic,
            slot: isStatic ? sslot++ : slot++,
            owner: cls,
            transient: hasKeyword(m.mods, 'transient'),
          };
          if (isStatic) cls.staticFields.push(f);
          else fields.push(f);
          cls.members.set(f.lname, { kind: 'field', f });
        }
      } else if (m.kind === 'prop') {
        const isStatic = hasKeyword(m.mods, 'static');
        const p: PropInfo = {
          name: m.name,
          lname: m.name.toLowerCase(),
          type: m.type,
          isStatic,
          slot: isStatic ? sslot++ : slot++,
          getter: null,
          setter: null,
          decl: m,
          owner: cls,
        };
        if (!isStatic)
          fields.push({
            name: m.name,
            lname: p.lname,
            type: m.type,
            isStatic: false,
            slot: p.slot,
            owner: cls,
            transient: hasKeyword(m.mods, 'transient'),
          });
        p.getter = m.getter?.body ? this.accessor(cls, p, m, 'get') : null;
        p.setter = m.setter?.body ? this.accessor(cls, p, m, 'set') : null;
        cls.members.set(p.lname, { kind: 'prop', p });
      } else if (m.kind === 'method') {
        this.addMethod(cls, m, hasKeyword(m.mods, 'static'));
      } else if (m.kind === 'ctor') {
        cls.ctors.push({
          name: '<init>',
          lname: '<init>',
          owner: cls,
          params: m.params,
          ret: null,
          isStatic: false,
          isAbstract: false,
          label: `Class.${cls.name}.<init>`,
          decl: m,
          body: null,
          nlocals: 0,
          annotations: [],
          isTest: false,
        });
      }
    }
    cls.instanceFields = fields;
    cls.nInstanceSlots = slot;
    cls.nStatics = sslot;
    cls.statics = new Array<Value>(sslot).fill(null);
  }

  private accessor(cls: ClassInfo, p: PropInfo, m: PropDecl, which: 'get' | 'set'): MethodInfo {
    const acc = which === 'get' ? m.getter : m.setter;
    return {
      name: m.name,
      lname: m.name.toLowerCase(),
      owner: cls,
      params: which === 'set' ? [{ name: 'value', type: m.type }] : [],
      ret: which === 'get' ? m.type : null,
      isStatic: p.isStatic,
      isAbstract: false,
      label: `Class.${cls.name}.__sfdc_${m.name}`,
      decl: {
        kind: 'method',
        mods: acc!.mods,
        ret: which === 'get' ? m.type : null,
        name: m.name,
        params: which === 'set' ? [{ name: 'value', type: m.type }] : [],
        body: acc!.body,
        line: acc!.line,
        col: acc!.col,
      },
      prop: p,
      body: null,
      nlocals: 0,
      annotations: [],
      isTest: false,
    };
  }

  /** Declare the members of an anonymous block as a synthetic class. */
  declareAnonymous(unit: SourceUnit): ClassInfo | null {
    const anon = unit.ast.anonymous;
    if (!anon || !anon.members.length) return null;
    const decl: ClassDecl = {
      kind: 'class',
      name: 'AnonymousBlock',
      mods: { keywords: [], annotations: [] },
      ext: null,
      impls: [],
      members: anon.members.map((m) =>
        m.kind === 'method' || m.kind === 'field' || m.kind === 'prop'
          ? { ...m, mods: { ...m.mods, keywords: [...m.mods.keywords, 'static'] } }
          : m,
      ),
      line: 1,
      col: 1,
      endLine: 1,
    };
    const cls = this.declareClass(decl, null, unit);
    for (const c of [cls, ...collectInner(cls)]) this.link(c);
    this.ensureInit(cls);
    return cls;
  }

  removeClass(cls: ClassInfo): void {
    for (const c of [cls, ...collectInner(cls)]) this.classes.delete(c.lname);
  }
}
