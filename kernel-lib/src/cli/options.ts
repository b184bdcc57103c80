/**
 * The machinery behind every subcommand's options: a command is declared once, as a table of
 * options (name, type, default, help line, required), and both its parser and its `--help`
 * text are generated from that table (`commands.ts` holds the tables). A flag therefore cannot
 * exist without its help line, and the help cannot go stale.
 *
 * Parsing is node:util `parseArgs` (strict: unknown flags are errors) followed by the typed
 * conversions and checks the table declares (integer ≥ min, one of the choices, a list).
 * Every conversion error is a {@link CliUsageError}, which the one error printer
 * (`errors.ts`) shows as `radlab CMD: message` plus a pointer to `--help`.
 */
import { parseArgs } from "node:util";
import { CliUsageError } from "./errors.js";

/** How an option's text becomes a value. */
export type OptionType = "string" | "boolean" | "integer" | "number" | "choice" | "list";

/** One row of a command's option table. */
export interface OptionSpec {
  type: OptionType;
  /** The help line: what the option does, in one sentence. */
  help: string;
  /** Placeholder shown in usage, e.g. FILE, N, COL (strings/numbers; not for booleans). */
  value?: string;
  /** The value used when the flag is absent (shown in help as "default: …"). */
  default?: string | number | boolean;
  /** The command cannot run without it (in a command with modes: the mode of its group cannot). */
  required?: boolean;
  /** `choice`: the allowed values. */
  choices?: readonly string[];
  /** `integer`/`number`: the smallest value allowed. */
  min?: number;
  /** `integer`: the largest value allowed (a seed's 2^32 − 1). */
  max?: number;
  /** Heading the option is listed under in help (options without one come first); a mode when the command has modes. */
  group?: string;
  /** `string`: the flag may be given several times; the value is the list, in order (e.g. `--sbatch-arg`). */
  repeatable?: boolean;
}

/** A positional argument (`radlab info VOLUME`, `radlab lab [NOTEBOOK]`). */
export interface PositionalSpec {
  name: string;
  help: string;
  /** The last positional may take one or more values (`radlab merge PART...`). */
  repeated?: boolean;
  /** May be left out (only after the required ones); usage shows it in brackets. */
  optional?: boolean;
}

/** One subcommand: its summary, option table and closing notes for help. */
export interface CommandSpec {
  summary: string;
  /**
   * The option groups are alternative modes (`extract`: one case or a cohort): exactly one
   * group's options may be used, its required options must be, and help shows one usage
   * line per mode.
   */
  modes?: boolean;
  positionals?: readonly PositionalSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** Paragraphs printed after the options (exit statuses, how defaults are chosen). */
  notes?: readonly string[];
}

/** The TypeScript type of a parsed option. */
type ValueOf<O extends OptionSpec> = O extends { repeatable: true }
  ? string[]
  : O["type"] extends "boolean"
    ? boolean
    : O["type"] extends "integer" | "number"
      ? number
      : O["type"] extends "list"
        ? string[]
        : O extends { choices: readonly (infer T)[] }
          ? T
          : string;

/** Parsed values: options with a default (or required, or boolean) are always present. */
export type Values<C extends CommandSpec> = {
  [K in keyof C["options"]]: C["options"][K] extends { default: unknown } | { required: true } | { type: "boolean" }
    ? ValueOf<C["options"][K]>
    : ValueOf<C["options"][K]> | undefined;
};

/** Options every command accepts; handled by the dispatcher, listed in every help. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", help: "print this help and exit" },
  debug: { type: "boolean", help: "on an unexpected error, print the stack trace too" },
};

/**
 * Parses `argv` against a command's option table.
 * @throws CliUsageError for an unknown flag, a missing required flag or a malformed value.
 */
export function parseCommand<C extends CommandSpec>(name: string, spec: C, argv: readonly string[]): { values: Values<C>; positionals: string[] } {
  const parserOptions: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const [flag, o] of Object.entries(spec.options))
    parserOptions[flag] = { type: o.type === "boolean" ? "boolean" : "string", ...(o.repeatable ? { multiple: true } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parserOptions, allowPositionals: (spec.positionals?.length ?? 0) > 0, strict: true });
  } catch (error) {
    throw new CliUsageError(parseErrorMessage(error as Error), name);
  }
  const mode = spec.modes ? chooseMode(name, spec, Object.keys(parsed.values)) : undefined;
  const missing = Object.entries(spec.options).filter(([flag, o]) => o.required && (!spec.modes || o.group === mode) && parsed.values[flag] === undefined);
  if (missing.length === 1) throw new CliUsageError(`missing --${missing[0][0]} (${missing[0][1].help})`, name);
  if (missing.length > 1) throw new CliUsageError(`missing ${missing.map(([flag]) => `--${flag}`).join(", ")}`, name);
  const values: Record<string, unknown> = {};
  for (const [flag, o] of Object.entries(spec.options)) {
    const raw = parsed.values[flag] as string | boolean | string[] | undefined;
    if (Array.isArray(raw)) {
      values[flag] = raw.map((one) => convert(name, flag, o, one));
      continue;
    }
    if (raw === undefined) {
      if (o.type === "boolean") values[flag] = o.default ?? false;
      else values[flag] = o.default === undefined ? undefined : convert(name, flag, o, String(o.default));
      continue;
    }
    values[flag] = convert(name, flag, o, raw);
  }
  const positionals = parsed.positionals;
  const expected = spec.positionals ?? [];
  const repeated = expected.at(-1)?.repeated === true;
  const needed = expected.filter((p) => !p.optional).length;
  if (positionals.length < needed || (!repeated && positionals.length > expected.length))
    throw new CliUsageError(
      expected.length === 0
        ? `unexpected argument "${positionals[0]}"`
        : `expected ${expected.map((p) => p.name).join(" ")}, got ${positionals.length === 0 ? "nothing" : positionals.map((p) => `"${p}"`).join(" ")}`,
      name,
    );
  return { values: values as Values<C>, positionals };
}

/** The one mode (option group) the given flags belong to; an error when they mix modes or name none. */
function chooseMode(command: string, spec: CommandSpec, given: readonly string[]): string {
  const modes = [...new Set(Object.values(spec.options).flatMap((o) => (o.group ? [o.group] : [])))];
  const used = modes.filter((m) => given.some((flag) => spec.options[flag]?.group === m));
  const lead = (m: string) =>
    Object.entries(spec.options)
      .filter(([, o]) => o.group === m && o.required)
      .map(([f, o]) => flagText(f, o))
      .join(" ");
  if (used.length === 1) return used[0];
  if (used.length === 0) throw new CliUsageError(`give ${modes.map((m) => `${lead(m)} (${m.toLowerCase()})`).join(", or ")}`, command);
  const [a, b] = used.map((m) => `${given.filter((f) => spec.options[f]?.group === m).map((f) => `--${f}`)[0]} (${m.toLowerCase()})`);
  throw new CliUsageError(`${a} and ${b} cannot be combined`, command);
}

/** One option's text as the type its table row declares. */
function convert(command: string, flag: string, o: OptionSpec, raw: string | boolean): unknown {
  if (o.type === "boolean" || typeof raw === "boolean") return raw;
  const bad = (expected: string) => new CliUsageError(`--${flag} must be ${expected}, got "${raw}"`, command);
  switch (o.type) {
    case "integer": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isInteger(n) || (o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) throw bad(integerRange(o));
      return n;
    }
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n) || (o.min !== undefined && n < o.min)) throw bad(o.min === undefined ? "a number" : `a number ≥ ${o.min}`);
      return n;
    }
    case "choice":
      if (!o.choices?.includes(raw)) throw bad(`one of ${o.choices?.join(", ")}`);
      return raw;
    case "list":
      return raw
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    default:
      return raw;
  }
}

/** What an integer option accepts, for its error: "an integer", "an integer ≥ 4", "an integer in 0..4294967295". */
function integerRange(o: OptionSpec): string {
  if (o.max !== undefined) return `an integer in ${o.min ?? "…"}..${o.max}`;
  return o.min === undefined ? "an integer" : `an integer ≥ ${o.min}`;
}

/** node:util's parse errors, reworded for a user ("unknown option --x" rather than its code). */
function parseErrorMessage(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  const flag = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag) return `unknown option ${flag}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag)
    return /ambiguous/.test(error.message)
      ? `option ${flag} needs a value (one that starts with "-" is written ${flag}=-VALUE)`
      : `option ${flag} needs a value`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return error.message.replace(/\. To specify.*$/s, "");
  return error.message;
}

/** The placeholder after a flag in help: `--outcome COL`, `--lambda min|1se`, `--json`. */
function flagText(flag: string, o: OptionSpec): string {
  if (o.type === "boolean") return `--${flag}`;
  const value = o.type === "choice" ? (o.choices ?? []).join("|") : (o.value ?? (o.type === "integer" || o.type === "number" ? "N" : "VALUE"));
  return `--${flag} ${value}`;
}

/** The generated usage lines: positionals, required flags, `[options]`; one line per mode. */
export function usageLines(name: string, spec: CommandSpec): string[] {
  const modes = spec.modes ? [...new Set(Object.values(spec.options).flatMap((o) => (o.group ? [o.group] : [])))] : [undefined];
  const positionals = (spec.positionals ?? []).map((p) => (p.repeated ? `${p.name}...` : p.optional ? `[${p.name}]` : p.name));
  return modes.map((mode) => {
    const required = Object.entries(spec.options)
      .filter(([, o]) => o.required && (mode === undefined || o.group === mode))
      .map(([f, o]) => flagText(f, o));
    return ["radlab", name, ...positionals, ...required, "[options]"].join(" ");
  });
}

/** The whole `radlab NAME --help` text, generated from the command's option table. */
export function commandHelp(name: string, spec: CommandSpec): string {
  const usage = usageLines(name, spec);
  const lines = [`usage: ${usage[0]}`, ...usage.slice(1).map((u) => `       ${u}`), "", spec.summary];
  const rows: [string, string][] = [];
  for (const p of spec.positionals ?? []) rows.push([p.name, p.help]);
  const groups = new Map<string, [string, OptionSpec][]>();
  for (const entry of Object.entries(spec.options)) {
    const group = entry[1].group ?? "";
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  const sections: { title: string; rows: [string, string][] }[] = [];
  if (rows.length > 0) sections.push({ title: "Arguments", rows });
  for (const [group, entries] of groups)
    sections.push({ title: group === "" ? "Options" : group, rows: entries.map(([flag, o]) => [flagText(flag, o), describe(o)]) });
  sections.push({ title: "Common options", rows: Object.entries(COMMON_OPTIONS).map(([flag, o]) => [flagText(flag, o), o.help]) });
  const width = Math.min(34, Math.max(...sections.flatMap((s) => s.rows.map(([f]) => f.length))));
  for (const s of sections) {
    lines.push("", `${s.title}:`);
    for (const [flag, help] of s.rows) lines.push(flag.length > width ? `  ${flag}\n  ${" ".repeat(width)}  ${help}` : `  ${flag.padEnd(width)}  ${help}`);
  }
  for (const note of spec.notes ?? []) lines.push("", note);
  return lines.join("\n");
}

/** A help line with its "required" / "default" tail. */
function describe(o: OptionSpec): string {
  if (o.required) return `${o.help} (required)`;
  if (o.default !== undefined && o.type !== "boolean") return `${o.help} (default: ${o.default})`;
  return o.help;
}
