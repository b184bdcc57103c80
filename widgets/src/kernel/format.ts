/**
 * Text of values for the browser kernel's console and results, close to what Node's
 * util.inspect prints under tslab for the values notebooks print (numbers, strings, arrays,
 * plain objects, errors); arquero tables print their first rows.
 */

const MAX_DEPTH = 2;
const MAX_ITEMS = 100;

/** A value as the final expression of a cell shows it. */
export function formatValue(value: unknown): string {
  return inspect(value, 0, true);
}

/** console.log's arguments: strings as they are, other values inspected, with a %s/%d/%o template. */
export function formatArguments(args: unknown[]): string {
  if (typeof args[0] === "string" && /%[sdifoOj%]/.test(args[0])) {
    let rest = args.slice(1);
    const head = args[0].replace(/%([sdifoOj%])/g, (match, kind: string) => {
      if (kind === "%") return "%";
      if (!rest.length) return match;
      const [next, ...others] = rest;
      rest = others;
      if (kind === "d" || kind === "i") return String(Number.parseInt(String(next), 10));
      if (kind === "f") return String(Number(next));
      if (kind === "s") return typeof next === "string" ? next : inspect(next, 1, false);
      return inspect(next, 0, false);
    });
    return [head, ...rest.map((a) => (typeof a === "string" ? a : inspect(a, 0, false)))].join(" ");
  }
  return args.map((a) => (typeof a === "string" ? a : inspect(a, 0, false))).join(" ");
}

function inspect(value: unknown, depth: number, top: boolean): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return top || depth > 0 ? `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'` : value;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "function":
      return `[Function: ${value.name || "(anonymous)"}]`;
    case "symbol":
    case "boolean":
      return String(value);
  }
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value instanceof Date) return value.toISOString();
  const table = value as { numRows?: () => number; toCSV?: (o: object) => string };
  if (typeof table.numRows === "function" && typeof table.toCSV === "function") return table.toCSV({ limit: 10 });
  if (depth > MAX_DEPTH) return Array.isArray(value) ? "[Array]" : "[Object]";
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, false));
    if (items.length > MAX_ITEMS) shown.push(`... ${items.length - MAX_ITEMS} more items`);
    const prefix = Array.isArray(value) ? "" : `${value.constructor.name}(${items.length}) `;
    return `${prefix}[ ${shown.join(", ")} ]`;
  }
  if (value instanceof Map)
    return `Map(${value.size}) { ${[...value].map(([k, v]) => `${inspect(k, depth + 1, false)} => ${inspect(v, depth + 1, false)}`).join(", ")} }`;
  if (value instanceof Set) return `Set(${value.size}) { ${[...value].map((v) => inspect(v, depth + 1, false)).join(", ")} }`;
  const entries = Object.entries(value as object).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inspect(v, depth + 1, false)}`);
  return entries.length ? `{ ${entries.join(", ")} }` : "{}";
}
