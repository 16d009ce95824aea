/**
 * Parsing Apex source with `@apexdevtools/apex-parser`. Syntax errors are collected through an
 * error listener (never printed) and reported with file, line and column.
 */
import {
  ApexErrorListener,
  ApexParserFactory,
  type AnonymousUnitContext,
  type CompilationUnitContext,
  type TriggerUnitContext,
} from '@apexdevtools/apex-parser';

export interface SyntaxProblem {
  file: string;
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

/** Thrown when a source file does not parse; lists every syntax error found. */
export class ApexSyntaxError extends Error {
  constructor(readonly problems: SyntaxProblem[]) {
    super(
      problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n') ||
        'syntax error',
    );
    this.name = 'ApexSyntaxError';
  }
}

class CollectingListener extends ApexErrorListener {
  readonly problems: SyntaxProblem[] = [];
  constructor(private readonly file: string) {
    super();
  }
  apexSyntaxError(line: number, column: number, msg: string): void {
    this.problems.push({ file: this.file, line, column: column + 1, message: msg });
  }
}

export type SourceKind = 'class' | 'trigger' | 'anonymous';

export type ParseTree = CompilationUnitContext | TriggerUnitContext | AnonymousUnitContext;

/** Parse one unit; throws `ApexSyntaxError` with every problem when the source is invalid. */
export function parseApexSource(source: string, kind: SourceKind, file: string): ParseTree {
  const listener = new CollectingListener(file);
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  const tree =
    kind === 'class'
      ? parser.compilationUnit()
      : kind === 'trigger'
        ? parser.triggerUnit()
        : parser.anonymousUnit();
  if (listener.problems.length) throw new ApexSyntaxError(listener.problems);
  return tree;
}
