/**
 * Runs compiled cells (cell-compiler.ts) one after another on one notebook scope, as a kernel
 * does: names a cell declares are defined on the scope first, the cell body runs as an async
 * function inside `with (scope)` (so top-level `await` works and later cells see earlier
 * declarations), and the value of a final expression is returned for display.
 */
import { compileCell } from "./cell-compiler.js";

/** Loads a module a cell imports (the kernel maps "@radlab/kernel-lib" to its browser build). */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

/** A cell's outcome: its final expression's value, if it has one. */
export interface CellOutcome {
  hasResult: boolean;
  value: unknown;
}

type AsyncFunctionConstructor = new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as AsyncFunctionConstructor;

/** One notebook's scope and the cells run on it. */
export class CellRunner {
  /** The notebook's variables (what earlier cells declared). */
  readonly scope: Record<string, unknown> = Object.create(null);
  private count = 0;

  constructor(private readonly load: ModuleLoader) {}

  /** Compiles and runs one cell; a thrown error propagates with the cell's line numbers. */
  async run(source: string): Promise<CellOutcome> {
    this.count += 1;
    const fileName = `cell-${this.count}.ts`;
    const cell = compileCell(source, fileName);
    for (const name of cell.declared) if (!(name in this.scope)) this.scope[name] = undefined;
    const run = new AsyncFunction("__scope", "__import", `with (__scope) {${cell.body}\n}\n//# sourceURL=${fileName}`);
    try {
      const value = await run(this.scope, this.load);
      return { hasResult: cell.hasResult, value };
    } catch (error) {
      if (error instanceof Error && error.stack) error.stack = cellLines(error.stack, fileName, cell.cellLine);
      throw error;
    }
  }
}

/** Lines the engine puts before a function body (`async function anonymous(…\n) {\n`), measured once. */
let headerLines: number | undefined;
function functionHeaderLines(): number {
  if (headerLines === undefined) {
    try {
      // a plain Function has the same two-line header as an AsyncFunction, and throws synchronously
      new Function("throw new Error()\n//# sourceURL=radlab-probe.js")();
    } catch (error) {
      headerLines = Number(/radlab-probe\.js:(\d+)/.exec((error as Error).stack ?? "")?.[1] ?? 1) - 1;
    }
  }
  return headerLines ?? 0;
}

/** A stack with `cell-N.ts:L:C` positions moved to the cell's own lines. */
function cellLines(stack: string, fileName: string, cellLine: (bodyLine: number) => number): string {
  const at = new RegExp(`${fileName.replace(".", "\\.")}:(\\d+):(\\d+)`, "g");
  return stack.replace(at, (_match, line: string, column: string) => `${fileName}:${cellLine(Number(line) - functionHeaderLines())}:${column}`);
}
