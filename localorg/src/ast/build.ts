/**
 * Turns apex-parser's parse tree into localorg's compact AST (`nodes.ts`).
 *
 * This is the parse-tree boundary: the ANTLR contexts are loosely typed here (`Ctx`), and
 * nothing of them leaks out of this file.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as P from '@apexdevtools/apex-parser';
import { NotSupportedError, typeRef, type TypeRef } from '../runtime/values';
import { parseApexSource, type SourceKind } from '../load/parse';
import { checkReservedIdentifiers } from './reserved';
import {
  AST_VERSION,
  type Accessor,
  type Annotation,
  type Block,
  type CatchClause,
  type CompilationUnit,
  type Expr,
  type LocalStmt,
  type Member,
  type MethodDecl,
  type Modifiers,
  type Param,
  type Pos,
  type Stmt,
  type TypeDecl,
  type VarDeclarator,
  type WhenClause,
  type WhenLiteral,
} from './nodes';

type Ctx = any;

/** Parse and build the AST of one source unit. */
export function buildAst(source: string, kind: SourceKind, file: string): CompilationUnit {
  const tree = parseApexSource(source, kind, file);
  const unit = new Builder(source, file).unit(tree, kind);
  checkReservedIdentifiers(unit, file);
  return unit;
}

const COLLECTIONS: Record<string, string> = { list: 'List', set: 'Set', map: 'Map' };

class Builder {
  constructor(
    private readonly src: string,
    private readonly file: string,
  ) {}

  unit(tree: Ctx, kind: SourceKind): CompilationUnit {
    if (kind === 'class')
      return { version: AST_VERSION, type: this.typeDecl(tree.typeDeclaration()) };
    if (kind === 'trigger') return { version: AST_VERSION, trigger: this.trigger(tree) };
    const block = tree.anonymousBlock();
    const members: Member[] = [];
    const stmts = this.bodyStatements(
      block.anonymousBlockMember_list(),
      (m) => m.anonymousMemberDeclaration(),
      (member) => members.push(member),
    );
    const p = this.pos(block);
    return {
      version: AST_VERSION,
      anonymous: { members, body: { k: 'block', stmts, ...p, endLine: this.endLine(block) } },
    };
  }

  /**
   * The statements of an anonymous block or a trigger body. Variable declarations at the top
   * level of either are local variables; any other member goes to `other`.
   */
  private bodyStatements(
    list: Ctx[],
    declarationOf: (m: Ctx) => Ctx,
    other: (member: Member, m: Ctx) => void,
  ): Stmt[] {
    const stmts: Stmt[] = [];
    for (const m of list) {
      if (m.statement()) {
        stmts.push(this.stmt(m.statement()));
        continue;
      }
      const member = this.member(declarationOf(m), this.mods(m.modifier_list()));
      if (member.kind === 'field' && !member.mods.keywords.includes('static'))
        stmts.push({
          k: 'local',
          type: member.type,
          decls: member.decls,
          line: member.line,
          col: member.col,
        });
      else other(member, m);
    }
    return stmts;
  }

  private pos(ctx: Ctx): Pos {
    return { line: ctx.start.line, col: ctx.start.column + 1 };
  }

  private endLine(ctx: Ctx): number {
    return (ctx.stop ?? ctx.start).line;
  }

  private text(ctx: Ctx): string {
    return this.src.slice(ctx.start.start, ctx.stop.stop + 1);
  }

  private unsupported(what: string, ctx: Ctx): never {
    const p = this.pos(ctx);
    throw new NotSupportedError(`${what} (${this.file}:${p.line}:${p.col})`);
  }

  // ------------------------------------------------------------------ declarations

  private trigger(t: Ctx) {
    const ids = t.id_list();
    const events = t.triggerCase_list().map((c: Ctx) => {
      const [when, op] = c.children.map((x: Ctx) => String(x.getText()).toUpperCase());
      return `${when}_${op}`;
    });
    const block = t.triggerBlock();
    const stmts = this.bodyStatements(
      block.triggerBlockMember_list(),
      (m) => m.triggerMemberDeclaration(),
      (_member, m) => this.unsupported('method and class declarations inside a trigger body', m),
    );
    return {
      kind: 'trigger' as const,
      name: ids[0].getText(),
      object: ids[1].getText(),
      events,
      body: { k: 'block' as const, stmts, ...this.pos(block), endLine: this.endLine(block) },
      ...this.pos(t),
      endLine: this.endLine(t),
    };
  }

  private typeDecl(td: Ctx): TypeDecl {
    const mods = this.mods(td.modifier_list());
    if (td.classDeclaration()) return this.classDecl(td.classDeclaration(), mods);
    if (td.enumDeclaration()) return this.enumDecl(td.enumDeclaration(), mods);
    return this.interfaceDecl(td.interfaceDeclaration(), mods);
  }

  private classDecl(c: Ctx, mods: Modifiers): TypeDecl {
    const members: Member[] = [];
    for (const d of c.classBody().classBodyDeclaration_list()) {
      if (d.block()) {
        members.push({
          kind: 'init',
          isStatic: !!d.STATIC(),
          body: this.block(d.block()),
          ...this.pos(d),
        });
      } else if (d.memberDeclaration()) {
        members.push(this.member(d.memberDeclaration(), this.mods(d.modifier_list())));
      }
    }
    return {
      kind: 'class',
      name: c.id().getText(),
      mods,
      ext: c.typeRef() ? this.typeRef(c.typeRef()) : null,
      impls: c.typeList()
        ? c
            .typeList()
            .typeRef_list()
            .map((t: Ctx) => this.typeRef(t))
        : [],
      members,
      ...this.pos(c),
      endLine: this.endLine(c),
    };
  }

  private enumDecl(e: Ctx, mods: Modifiers): TypeDecl {
    const consts = e.enumConstants();
    return {
      kind: 'enum',
      name: e.id().getText(),
      mods,
      values: consts ? consts.id_list().map((i: Ctx) => String(i.getText())) : [],
      ...this.pos(e),
      endLine: this.endLine(e),
    };
  }

  private interfaceDecl(i: Ctx, mods: Modifiers): TypeDecl {
    const methods: MethodDecl[] = i
      .interfaceBody()
      .interfaceMethodDeclaration_list()
      .map((m: Ctx) => ({
        kind: 'method' as const,
        mods: this.mods(m.modifier_list()),
        ret: m.typeRef() ? this.typeRef(m.typeRef()) : null,
        name: m.id().getText(),
        params: this.params(m.formalParameters()),
        body: null,
        ...this.pos(m),
      }));
    return {
      kind: 'interface',
      name: i.id().getText(),
      mods,
      exts: i.typeList()
        ? i
            .typeList()
            .typeRef_list()
            .map((t: Ctx) => this.typeRef(t))
        : [],
      methods,
      ...this.pos(i),
      endLine: this.endLine(i),
    };
  }

  private member(m: Ctx, mods: Modifiers): Member {
    const p = this.pos(m);
    if (m.methodDeclaration?.()) {
      const md = m.methodDeclaration();
      return {
        kind: 'method',
        mods,
        ret: md.typeRef() ? this.typeRef(md.typeRef()) : null,
        name: md.id().getText(),
        params: this.params(md.formalParameters()),
        body: md.block() ? this.block(md.block()) : null,
        ...this.pos(md),
      };
    }
    if (m.constructorDeclaration?.()) {
      const cd = m.constructorDeclaration();
      return {
        kind: 'ctor',
        mods,
        params: this.params(cd.formalParameters()),
        body: this.block(cd.block()),
        ...this.pos(cd),
      };
    }
    if (m.fieldDeclaration()) {
      const fd = m.fieldDeclaration();
      return {
        kind: 'field',
        mods,
        type: this.typeRef(fd.typeRef()),
        decls: this.declarators(fd.variableDeclarators()),
        ...p,
      };
    }
    if (m.propertyDeclaration()) {
      const pd = m.propertyDeclaration();
      let getter: Accessor | null = null;
      let setter: Accessor | null = null;
      for (const b of pd.propertyBlock_list()) {
        const bm = this.mods(b.modifier_list());
        const acc = b.getter() ?? b.setter();
        const a: Accessor = {
          mods: bm,
          body: acc.block() ? this.block(acc.block()) : null,
          ...this.pos(acc),
        };
        if (b.getter()) getter = a;
        else setter = a;
      }
      return {
        kind: 'prop',
        mods,
        type: this.typeRef(pd.typeRef()),
        name: pd.id().getText(),
        getter,
        setter,
        ...p,
      };
    }
    if (m.classDeclaration()) return this.classDecl(m.classDeclaration(), mods);
    if (m.interfaceDeclaration()) return this.interfaceDecl(m.interfaceDeclaration(), mods);
    if (m.enumDeclaration()) return this.enumDecl(m.enumDeclaration(), mods);
    return this.unsupported('member declaration', m);
  }

  private mods(list: Ctx[]): Modifiers {
    const keywords: string[] = [];
    const annotations: Annotation[] = [];
    for (const m of list) {
      const a = m.annotation();
      if (a) {
        const params: Record<string, string> = {};
        const pairs = a.elementValuePairs();
        if (pairs) {
          for (const pair of pairs.elementValuePair_list()) {
            params[String(pair.id().getText()).toLowerCase()] = pair.elementValue().getText();
          }
        } else if (a.elementValue()) {
          params.value = a.elementValue().getText();
        }
        annotations.push({
          name: String((a.qualifiedName?.() ?? a.id()).getText()).toLowerCase(),
          params,
        });
      } else {
        keywords.push(m.children.map((c: Ctx) => String(c.getText()).toLowerCase()).join(' '));
      }
    }
    return { keywords, annotations };
  }

  private params(fp: Ctx): Param[] {
    const list = fp.formalParameterList();
    if (!list) return [];
    return list.formalParameter_list().map((p: Ctx) => ({
      name: p.id().getText(),
      type: this.typeRef(p.typeRef()),
    }));
  }

  private declarators(vd: Ctx): VarDeclarator[] {
    return vd.variableDeclarator_list().map((d: Ctx) => ({
      name: d.id().getText(),
      init: d.expression() ? this.expr(d.expression()) : null,
      ...this.pos(d),
    }));
  }

  typeRef(t: Ctx): TypeRef {
    const names = t.typeName_list();
    const parts: string[] = [];
    let args: TypeRef[] = [];
    for (const n of names) {
      let name: string;
      if (n.LIST()) name = 'List';
      else if (n.SET()) name = 'Set';
      else if (n.MAP()) name = 'Map';
      else name = n.id().getText();
      parts.push(name);
      const ta = n.typeArguments();
      if (ta)
        args = ta
          .typeList()
          .typeRef_list()
          .map((x: Ctx) => this.typeRef(x));
    }
    let name = parts.join('.');
    if (parts.length === 1 && COLLECTIONS[name.toLowerCase()])
      name = COLLECTIONS[name.toLowerCase()];
    let ref = typeRef(name, ...args);
    const dims = t.arraySubscripts().LBRACK_list().length;
    for (let i = 0; i < dims; i++) ref = typeRef('List', ref);
    return ref;
  }

  // ------------------------------------------------------------------ statements

  block(b: Ctx): Block {
    return {
      k: 'block',
      stmts: b.statement_list().map((s: Ctx) => this.stmt(s)),
      ...this.pos(b),
      endLine: this.endLine(b),
    };
  }

  private optStmt(s: Ctx): Stmt | null {
    return s ? this.stmt(s) : null;
  }

  private local(l: Ctx): LocalStmt {
    return {
      k: 'local',
      type: this.typeRef(l.typeRef()),
      decls: this.declarators(l.variableDeclarators()),
      ...this.pos(l),
    };
  }

  stmt(s: Ctx): Stmt {
    const c = s.children[0];
    const p = this.pos(s);
    if (c instanceof P.BlockContext) return this.block(c);
    if (c instanceof P.LocalVariableDeclarationStatementContext)
      return { ...this.local(c.localVariableDeclaration()), ...p };
    if (c instanceof P.ExpressionStatementContext)
      return { k: 'expr', expr: this.expr(c.expression()), ...p };
    if (c instanceof P.IfStatementContext) {
      const stmts = c.statement_list();
      return {
        k: 'if',
        cond: this.expr(c.parExpression().expression()),
        then: this.stmt(stmts[0]),
        else: stmts[1] ? this.stmt(stmts[1]) : null,
        ...p,
      };
    }
    if (c instanceof P.ForStatementContext) {
      const fc = c.forControl();
      const body = this.optStmt(c.statement());
      const en = fc.enhancedForControl();
      if (en) {
        return {
          k: 'foreach',
          type: this.typeRef(en.typeRef()),
          name: en.id().getText(),
          iter: this.expr(en.expression()),
          body,
          ...p,
        };
      }
      const fi = fc.forInit();
      let init: LocalStmt | Expr[] | null = null;
      if (fi) {
        init = fi.localVariableDeclaration()
          ? this.local(fi.localVariableDeclaration())
          : this.exprList(fi.expressionList());
      }
      return {
        k: 'for',
        init,
        cond: fc.expression() ? this.expr(fc.expression()) : null,
        update: fc.forUpdate() ? this.exprList(fc.forUpdate().expressionList()) : [],
        body,
        ...p,
      };
    }
    if (c instanceof P.WhileStatementContext)
      return {
        k: 'while',
        cond: this.expr(c.parExpression().expression()),
        body: this.optStmt(c.statement()),
        ...p,
      };
    if (c instanceof P.DoWhileStatementContext)
      return {
        k: 'do',
        body: this.block(c.block()),
        cond: this.expr(c.parExpression().expression()),
        ...p,
      };
    if (c instanceof P.TryStatementContext) {
      const catches: CatchClause[] = c.catchClause_list().map((cc: Ctx) => ({
        type: cc.qualifiedName().getText(),
        name: cc.id().getText(),
        body: this.block(cc.block()),
        ...this.pos(cc),
      }));
      return {
        k: 'try',
        body: this.block(c.block()),
        catches,
        fin: c.finallyBlock() ? this.block(c.finallyBlock().block()) : null,
        ...p,
      };
    }
    if (c instanceof P.ReturnStatementContext)
      return { k: 'return', expr: c.expression() ? this.expr(c.expression()) : null, ...p };
    if (c instanceof P.ThrowStatementContext)
      return { k: 'throw', expr: this.expr(c.expression()), ...p };
    if (c instanceof P.BreakStatementContext) return { k: 'break', ...p };
    if (c instanceof P.ContinueStatementContext) return { k: 'continue', ...p };
    if (c instanceof P.SwitchStatementContext) return this.switchStmt(c, p);
    if (c instanceof P.RunAsStatementContext)
      return {
        k: 'runas',
        args: c.expressionList() ? this.exprList(c.expressionList()) : [],
        body: this.block(c.block()),
        ...p,
      };
    const dml: [unknown, 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge'][] = [
      [P.InsertStatementContext, 'insert'],
      [P.UpdateStatementContext, 'update'],
      [P.DeleteStatementContext, 'delete'],
      [P.UndeleteStatementContext, 'undelete'],
      [P.UpsertStatementContext, 'upsert'],
      [P.MergeStatementContext, 'merge'],
    ];
    for (const [cls, op] of dml) {
      if (c instanceof (cls as any)) {
        const exprs = op === 'merge' ? c.expression_list() : [c.expression()];
        const al = c.accessLevel();
        return {
          k: 'dml',
          op,
          expr: this.expr(exprs[0]),
          other: exprs[1] ? this.expr(exprs[1]) : null,
          extField: op === 'upsert' && c.qualifiedName() ? c.qualifiedName().getText() : null,
          access: al
            ? String(al.children[1].getText()).toUpperCase() === 'USER'
              ? 'USER_MODE'
              : 'SYSTEM_MODE'
            : null,
          ...p,
        };
      }
    }
    return this.unsupported(`statement ${String(s.getText()).slice(0, 40)}`, s);
  }

  private switchStmt(c: Ctx, p: Pos): Stmt {
    const whens: WhenClause[] = c.whenControl_list().map((w: Ctx) => {
      const wv = w.whenValue();
      const body = this.block(w.block());
      const wp = this.pos(w);
      if (wv.ELSE())
        return { kind: 'else', values: [], type: null, name: null, body, ...wp } as WhenClause;
      if (wv.typeRef())
        return {
          kind: 'type',
          values: [],
          type: this.typeRef(wv.typeRef()),
          name: wv.id().getText(),
          body,
          ...wp,
        } as WhenClause;
      const values: WhenLiteral[] = wv.whenLiteral_list().map((l: Ctx) => this.whenLiteral(l));
      return { kind: 'values', values, type: null, name: null, body, ...wp } as WhenClause;
    });
    return { k: 'switch', expr: this.expr(c.expression()), whens, ...p };
  }

  private whenLiteral(l: Ctx): WhenLiteral {
    if (l.whenLiteral()) return this.whenLiteral(l.whenLiteral());
    const p = this.pos(l);
    if (l.qualifiedName()) return { k: 'name', name: l.qualifiedName().getText() };
    if (l.NULL()) return { k: 'value', value: { k: 'lit', t: 'null', v: 'null', ...p } };
    if (l.StringLiteral() || l.MultilineStringLiteral()) {
      const raw = (l.StringLiteral() ?? l.MultilineStringLiteral()).getText();
      return { k: 'value', value: { k: 'lit', t: 'str', v: unescapeString(raw), ...p } };
    }
    const neg = l.SUB_list().length % 2 === 1;
    if (l.LongLiteral()) {
      const digits = String(l.LongLiteral().getText()).replace(/[lL]$/, '');
      return { k: 'value', value: { k: 'lit', t: 'long', v: (neg ? '-' : '') + digits, ...p } };
    }
    const digits = String(l.IntegerLiteral().getText());
    return { k: 'value', value: { k: 'lit', t: 'int', v: (neg ? '-' : '') + digits, ...p } };
  }

  // ------------------------------------------------------------------ expressions

  private exprList(l: Ctx): Expr[] {
    return l ? l.expression_list().map((e: Ctx) => this.expr(e)) : [];
  }

  private opText(e: Ctx): string {
    return e.children
      .filter((c: Ctx) => !(c instanceof P.ExpressionContext) && !(c instanceof P.TypeRefContext))
      .map((c: Ctx) => String(c.getText()).toLowerCase())
      .join('');
  }

  expr(e: Ctx): Expr {
    const p = this.pos(e);
    if (e instanceof P.PrimaryExpressionContext) return this.primary(e.primary(), p);
    if (e instanceof P.SubExpressionContext) return this.expr(e.expression());
    if (e instanceof P.DotExpressionContext) {
      const target = this.expr(e.expression());
      const safe = !!e.QUESTIONDOT();
      const dm = e.dotMethodCall();
      if (dm)
        return {
          k: 'call',
          target,
          name: dm.anyId().getText(),
          args: this.exprList(dm.expressionList()),
          safe,
          ...this.pos(dm),
        };
      return { k: 'field', target, name: e.anyId().getText(), safe, ...this.pos(e.anyId()) };
    }
    if (e instanceof P.MethodCallExpressionContext) {
      const mc = e.methodCall();
      const args = this.exprList(mc.expressionList());
      if (mc.THIS()) return { k: 'ctorcall', which: 'this', args, ...p };
      if (mc.SUPER()) return { k: 'ctorcall', which: 'super', args, ...p };
      return { k: 'call', target: null, name: mc.id().getText(), args, safe: false, ...p };
    }
    if (e instanceof P.ArrayExpressionContext) {
      const [t, i] = e.expression_list();
      return { k: 'index', target: this.expr(t), index: this.expr(i), ...p };
    }
    if (e instanceof P.NewExpressionContext) return this.creator(e.creator(), p);
    if (e instanceof P.CastExpressionContext)
      return { k: 'cast', type: this.typeRef(e.typeRef()), expr: this.expr(e.expression()), ...p };
    if (e instanceof P.PostOpExpressionContext)
      return {
        k: 'inc',
        op: e.INC() ? '++' : '--',
        prefix: false,
        target: this.expr(e.expression()),
        ...p,
      };
    if (e instanceof P.PreOpExpressionContext) {
      const op = String(e.children![0].getText());
      const inner = this.expr(e.expression());
      if (op === '++' || op === '--') return { k: 'inc', op, prefix: true, target: inner, ...p };
      if (op === '-' && inner.k === 'lit' && /^(int|long|dec|double)$/.test(inner.t)) {
        return { ...inner, v: inner.v.startsWith('-') ? inner.v.slice(1) : '-' + inner.v, ...p };
      }
      return { k: 'unary', op: op as '+' | '-', expr: inner, ...p };
    }
    if (e instanceof P.NegExpressionContext)
      return {
        k: 'unary',
        op: e.BANG() ? '!' : '~',
        expr: this.expr(e.expression()),
        ...p,
      };
    if (e instanceof P.InstanceOfExpressionContext)
      return {
        k: 'instanceof',
        expr: this.expr(e.expression()),
        type: this.typeRef(e.typeRef()),
        ...p,
      };
    if (e instanceof P.CondExpressionContext) {
      const [c, a, b] = e.expression_list();
      return { k: 'cond', cond: this.expr(c), a: this.expr(a), b: this.expr(b), ...p };
    }
    if (e instanceof P.AssignExpressionContext) {
      const [t, v] = e.expression_list();
      return { k: 'assign', op: this.opText(e), target: this.expr(t), value: this.expr(v), ...p };
    }
    const list = e.expression_list?.();
    if (list && list.length === 2) {
      let op = this.opText(e);
      if (op === '<>') op = '!=';
      return { k: 'bin', op, left: this.expr(list[0]), right: this.expr(list[1]), ...p };
    }
    return this.unsupported(`expression ${String(e.getText()).slice(0, 40)}`, e);
  }

  private primary(pr: Ctx, p: Pos): Expr {
    if (pr instanceof P.ThisPrimaryContext) return { k: 'this', ...p };
    if (pr instanceof P.SuperPrimaryContext) return { k: 'super', ...p };
    if (pr instanceof P.IdPrimaryContext) return { k: 'name', name: pr.id().getText(), ...p };
    if (pr instanceof P.LiteralPrimaryContext) return this.literal(pr.literal(), p);
    if (pr instanceof P.TypeRefPrimaryContext)
      return { k: 'typelit', type: this.typeRef(pr.typeRef()), ...p };
    if (pr instanceof P.VoidPrimaryContext) return { k: 'typelit', type: null, ...p };
    if (pr instanceof P.SoqlPrimaryContext) {
      const q = pr.soqlLiteral().query();
      return { k: 'soql', text: withoutComments(this.text(q)), binds: this.binds(q), ...p };
    }
    if (pr instanceof P.SoslPrimaryContext) {
      return { k: 'sosl', text: this.text(pr), binds: this.binds(pr), ...p };
    }
    return this.unsupported('primary expression', pr);
  }

  /** The bind expressions (`:name`, `:acc.Id`) of an inline SOQL or SOSL query. */
  private binds(q: Ctx): { text: string; expr: Expr }[] {
    const binds: { text: string; expr: Expr }[] = [];
    const walk = (n: Ctx): void => {
      if (n instanceof P.BoundExpressionContext) {
        binds.push({
          text: this.text(n.expression()).replace(/\s+/g, ''),
          expr: this.expr(n.expression()),
        });
        return;
      }
      for (const ch of n.children ?? []) walk(ch);
    };
    walk(q);
    return binds;
  }

  private literal(l: Ctx, p: Pos): Expr {
    if (l.IntegerLiteral()) return { k: 'lit', t: 'int', v: String(l.getText()), ...p };
    if (l.LongLiteral())
      return { k: 'lit', t: 'long', v: String(l.getText()).replace(/[lL]$/, ''), ...p };
    if (l.NumberLiteral()) {
      const raw = String(l.getText());
      if (/[dD]$/.test(raw)) return { k: 'lit', t: 'double', v: raw.slice(0, -1), ...p };
      return { k: 'lit', t: 'dec', v: raw, ...p };
    }
    if (l.StringLiteral() || l.MultilineStringLiteral())
      return { k: 'lit', t: 'str', v: unescapeString(String(l.getText())), ...p };
    if (l.BooleanLiteral())
      return { k: 'lit', t: 'bool', v: String(l.getText()).toLowerCase(), ...p };
    return { k: 'lit', t: 'null', v: 'null', ...p };
  }

  private creator(c: Ctx, p: Pos): Expr {
    const pairs = c.createdName().idCreatedNamePair_list();
    const parts: string[] = [];
    let args: TypeRef[] = [];
    for (const pair of pairs) {
      parts.push(pair.anyId().getText());
      if (pair.typeList())
        args = pair
          .typeList()
          .typeRef_list()
          .map((t: Ctx) => this.typeRef(t));
    }
    let name = parts.join('.');
    if (parts.length === 1 && COLLECTIONS[name.toLowerCase()])
      name = COLLECTIONS[name.toLowerCase()];
    const type = typeRef(name, ...args);
    if (c.noRest()) {
      if (name === 'Map') return { k: 'newmap', type, pairs: [], ...p };
      return { k: 'newcoll', type, size: null, items: [], ...p };
    }
    if (c.classCreatorRest()) {
      return {
        k: 'new',
        type,
        args: this.exprList(c.classCreatorRest().arguments().expressionList()),
        ...p,
      };
    }
    if (c.arrayCreatorRest()) {
      const ar = c.arrayCreatorRest();
      const listType = typeRef('List', type);
      if (ar.expression())
        return { k: 'newcoll', type: listType, size: this.expr(ar.expression()), items: [], ...p };
      const init = ar.arrayInitializer();
      const items = init ? init.expression_list().map((x: Ctx) => this.expr(x)) : [];
      return { k: 'newcoll', type: listType, size: null, items, ...p };
    }
    if (c.mapCreatorRest()) {
      const ps = c
        .mapCreatorRest()
        .mapCreatorRestPair_list()
        .map((x: Ctx) => {
          const [k, v] = x.expression_list();
          return [this.expr(k), this.expr(v)] as [Expr, Expr];
        });
      return { k: 'newmap', type, pairs: ps, ...p };
    }
    const sc = c.setCreatorRest();
    return {
      k: 'newcoll',
      type,
      size: null,
      items: sc.expression_list().map((x: Ctx) => this.expr(x)),
      ...p,
    };
  }
}

/** Unescape an Apex string literal including its quotes. */
export function unescapeString(raw: string): string {
  const body = raw.startsWith("'''") ? raw.slice(3, -3) : raw.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, c: string) => {
    switch (c[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'u':
        return c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : c;
      default:
        return c;
    }
  });
}

/**
 * Inline SOQL without its Apex comments (block and line comments): the Apex lexer drops them before
 * the query reaches the database, so they may sit anywhere a space may. Quoted strings keep
 * theirs.
 */
export function withoutComments(soql: string): string {
  return soql.replace(/'(?:\\.|[^'\\])*'|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) =>
    m.startsWith("'") ? m : ' ',
  );
}
