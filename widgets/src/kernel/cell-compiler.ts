/**
 * Compiles a notebook cell written for tslab into JavaScript that the in-browser kernel runs
 * (issue 14): the same TypeScript, the same `import * as rl from "@radlab/kernel-lib"`,
 * top-level `await`, the value of a final expression displayed, and declarations that live on
 * into later cells.
 *
 * Types are removed by TypeScript's own `transpileModule` (the compiler tslab uses, so a cell
 * means the same thing in both kernels; a lighter type-stripper would save ~3 MB but accepts a
 * narrower TypeScript, and a notebook that runs under tslab must run here unchanged). The
 * JavaScript is then rewritten at its top level only, by source ranges from TypeScript's parser:
 *   - `import * as ns from "m"` → `ns = await __import("m")` (named and default imports likewise),
 *   - `const|let|var a = …` and destructuring → assignments (parenthesised for patterns),
 *   - `function f…` stays (defined when the cell's block is entered) and is copied onto the
 *     scope first; `class C…` → `C = class C…`,
 *   - a final expression statement → `return (expression)`,
 * and every declared name is reported so the runner can define it on the notebook's scope
 * before the cell runs (the cell body runs inside `with (scope)`, so later cells see it).
 * transpileModule does not keep lines (blank and type-only lines go), so the compiled cell
 * carries the line map from TypeScript's source map, and the runner reports errors at the
 * cell's own lines; the rewrites above keep the compiled text's line breaks.
 */
import ts from "typescript";

/** A compiled cell: the body of an async function, and the names it declares at top level. */
export interface CompiledCell {
  /** JavaScript for `new AsyncFunction("__scope", "__import", "with (__scope) { " + body + "\n}")`. */
  body: string;
  /** Top-level names the cell declares (imports, variables, functions, classes). */
  declared: string[];
  /** Whether the cell ends in an expression whose value is returned (and displayed). */
  hasResult: boolean;
  /** The cell's 1-based line of a 1-based line of `body` (from TypeScript's source map). */
  cellLine(bodyLine: number): number;
}

/** A cell that does not parse: TypeScript's message and the 1-based line in the cell. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "SyntaxError";
  }
}

const TRANSPILE_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  // keep every import: a binding unused in this cell is used by the next ones (transpileModule
  // has no type information, so only `import type` is dropped, as under tslab)
  verbatimModuleSyntax: true,
  isolatedModules: true,
  removeComments: false,
  newLine: ts.NewLineKind.LineFeed,
};

/** Compiles one cell (`fileName` names it in messages). */
export function compileCell(source: string, fileName = "cell.ts"): CompiledCell {
  const output = ts.transpileModule(source, { compilerOptions: { ...TRANSPILE_OPTIONS, sourceMap: true }, fileName, reportDiagnostics: true });
  const syntax = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (syntax) {
    const line = syntax.file && syntax.start !== undefined ? syntax.file.getLineAndCharacterOfPosition(syntax.start).line + 1 : 1;
    throw new CellSyntaxError(ts.flattenDiagnosticMessageText(syntax.messageText, "\n"), line);
  }
  // transpileModule appends `export {};` to a module with no exports: drop that line
  const javascript = output.outputText.replace(/\n?export \{\};\s*$/, "\n").replace(/\n\/\/# sourceMappingURL=.*$/, "\n");
  const lines = sourceLines(JSON.parse(output.sourceMapText ?? '{"mappings":""}').mappings);
  return { ...rewriteTopLevel(javascript), cellLine: (bodyLine) => (lines[bodyLine - 1] ?? lines.findLast((l) => l !== undefined) ?? 0) + 1 };
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * The 0-based source line of each generated line's first mapping, from a source map's
 * `mappings` (Source Map v3: `;` between generated lines, `,` between segments, each segment
 * base64 VLQ fields [column, source, source line, source column], the line a running sum).
 * Hand-written: only this one field is needed; a source-map library would add its whole
 * consumer to the kernel's bundle.
 */
function sourceLines(mappings: string): (number | undefined)[] {
  const result: (number | undefined)[] = [];
  let sourceLine = 0;
  for (const line of mappings.split(";")) {
    let first: number | undefined;
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      if (fields.length >= 3) {
        sourceLine += fields[2];
        first ??= sourceLine;
      }
    }
    result.push(first);
  }
  return result;
}

/** An edit of the compiled text: replace [start, end) with `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

function rewriteTopLevel(javascript: string): Omit<CompiledCell, "cellLine"> {
  const file = ts.createSourceFile("cell.js", javascript, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits: Edit[] = [];
  const declared = new Set<string>();
  const hoisted: string[] = [];
  const statements = file.statements;
  let hasResult = false;

  statements.forEach((statement, index) => {
    const start = statement.getStart(file);
    const end = statement.getEnd();
    const text = (node: ts.Node) => javascript.slice(node.getStart(file), node.getEnd());
    if (ts.isImportDeclaration(statement)) {
      // one line of assignments, then the import's other line breaks, so later lines stay put
      edits.push({ start, end, text: importAssignment(statement, file, declared) + "\n".repeat((text(statement).match(/\n/g) ?? []).length) });
    } else if (ts.isVariableStatement(statement)) {
      const parts = statement.declarationList.declarations.map((d) => {
        for (const name of boundNames(d.name)) declared.add(name);
        const init = d.initializer ? text(d.initializer) : "undefined";
        return ts.isIdentifier(d.name) ? `${d.name.text} = ${init}` : `(${text(d.name)} = ${init})`;
      });
      edits.push({ start, end, text: `${parts.join("; ")};` });
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      declared.add(statement.name.text);
      // a function declaration stays where it is: in the cell's block it is defined on entry,
      // so it is copied onto the scope before anything else runs
      hoisted.push(`__scope.${statement.name.text} = ${statement.name.text};`);
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      declared.add(statement.name.text);
      edits.push({ start, end, text: `${statement.name.text} = ${text(statement)};` });
    } else if (ts.isExpressionStatement(statement) && index === statements.length - 1) {
      hasResult = true;
      const expression = text(statement.expression);
      edits.push({ start, end, text: `return (${expression});` });
    }
  });

  let body = javascript;
  for (const edit of edits.sort((a, b) => b.start - a.start)) body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
  // on the first line, so that every other line stays where it was
  if (hoisted.length) body = hoisted.join(" ") + body;
  return { body, declared: [...declared], hasResult };
}

/** `import …` as assignments from `await __import(module)`. */
function importAssignment(statement: ts.ImportDeclaration, file: ts.SourceFile, declared: Set<string>): string {
  const module = (statement.moduleSpecifier as ts.StringLiteral).text;
  const load = `await __import(${JSON.stringify(module)})`;
  const clause = statement.importClause;
  if (!clause) return `${load};`;
  const parts: string[] = [];
  const temp = `__module_${declared.size}`;
  parts.push(`const ${temp} = ${load};`);
  if (clause.name) {
    declared.add(clause.name.text);
    parts.push(`${clause.name.text} = ${temp}.default ?? ${temp};`);
  }
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    declared.add(bindings.name.text);
    parts.push(`${bindings.name.text} = ${temp};`);
  } else if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      if (element.isTypeOnly) continue;
      declared.add(element.name.text);
      parts.push(`${element.name.text} = ${temp}[${JSON.stringify((element.propertyName ?? element.name).getText(file))}];`);
    }
  }
  return `{ ${parts.join(" ")} }`;
}

/** The identifiers a declaration binds (`a`, or every name inside a destructuring pattern). */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}
