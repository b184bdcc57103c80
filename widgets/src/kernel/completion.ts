/**
 * Completion for the in-browser kernel (Tab in a cell): the names a cell can reach at the
 * cursor, from the live notebook scope, as tslab's kernel offers them. `rl.ro` → `rl.rocCurve`,
 * `rl.roiSliceFigure`, …; `resu` → `result`; `result.lasso.sel` → `selected`.
 *
 * Read from the values themselves rather than from TypeScript's language service: the
 * language service and kernel-lib's declarations would add megabytes to the worker, while the
 * objects in the scope are already there, and are what the cell will see.
 */

/** What to insert and where (Jupyter's complete_reply: matches, cursor_start, cursor_end). */
export interface Completion {
  matches: string[];
  start: number;
  end: number;
}

/** A dotted path of identifiers right before the cursor, e.g. `rl.lasso` + `.` + `pa`. */
const BEFORE_CURSOR = /((?:[A-Za-z_$][\w$]*\s*\.\s*)*)([A-Za-z_$][\w$]*)?$/;

/** Every property name of a value, own and inherited, without Object's own (toString, …). */
function propertyNames(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const names = new Set<string>();
  for (let o: object | null = Object(value); o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o))
    for (const name of Object.getOwnPropertyNames(o)) if (name !== "constructor" && !name.startsWith("__")) names.add(name);
  return [...names];
}

/** The completions at `cursor` in `code`, looking names up in `scope`, then in `globals`. */
export function complete(code: string, cursor: number, scope: Record<string, unknown>, globals: object = globalThis): Completion {
  const match = BEFORE_CURSOR.exec(code.slice(0, cursor));
  const path = (match?.[1] ?? "")
    .split(".")
    .map((part) => part.trim())
    .filter(Boolean);
  const partial = match?.[2] ?? "";
  let candidates: string[];
  if (path.length === 0) {
    candidates = [...Object.keys(scope), ...propertyNames(globals)];
  } else {
    let value: unknown = path[0] in scope ? scope[path[0]] : (globals as Record<string, unknown>)[path[0]];
    for (const name of path.slice(1)) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[name];
    candidates = propertyNames(value);
  }
  const matches = [...new Set(candidates)].filter((name) => name.startsWith(partial) && /^[A-Za-z_$][\w$]*$/.test(name)).sort();
  return { matches, start: cursor - partial.length, end: cursor };
}
