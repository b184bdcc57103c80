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
    // the first line of the function is the cell's line 1 (see cell-compiler.ts)
    const run = new AsyncFunction("__scope", "__import", `with (__scope) {${cell.body}\n}\n//# sourceURL=${fileName}`);
    const value = await run(this.scope, this.load);
    return { hasResult: cell.hasResult, value };
  }
}
