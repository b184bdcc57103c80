/**
 * The `radlab` command line: one subcommand per file in this folder, each exporting
 * `run(argv): Promise<number>` (the exit status). Options and help come from the option
 * tables in commands.ts; errors reach the user through the one printer in errors.ts.
 * Subcommands are loaded lazily so `radlab info` does not pay for the statistics or the browser.
 */
import { RADLAB_VERSION } from "../version.js";
import { COMMANDS, type CommandName } from "./commands.js";
import { EXIT, reportError } from "./errors.js";
import { commandHelp } from "./options.js";

/** A subcommand's module. */
export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

/** How to load each subcommand (static imports, so bundlers and vite see every module). */
export const LOADERS: Record<CommandName, () => Promise<CommandModule>> = {
  info: () => import("./info.js"),
  "demo-data": () => import("./demo-data.js"),
  extract: () => import("./extract.js"),
  merge: () => import("./merge.js"),
  slurm: () => import("./slurm.js"),
  model: () => import("./model.js"),
  score: () => import("./score.js"),
  figures: () => import("./figures.js"),
  study: () => import("./study.js"),
  mask: () => import("./mask.js"),
  publish: () => import("./publish.js"),
  lab: () => import("./lab.js"),
};

export { COMMANDS };

/** `radlab --help`: every command with its one-line summary. */
export function usage(): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((k) => k.length));
  return [
    `radlab ${RADLAB_VERSION}: radiomics studies from volumes to figures`,
    "",
    "Commands:",
    ...names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name].summary}`),
    "",
    "Run `radlab COMMAND --help` for a command's options; add --debug to see an unexpected error's stack trace.",
  ].join("\n");
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Runs `radlab ARGV…`; returns the exit status. Never throws: errors go through reportError. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const [name, ...rest] = argv.filter((a) => a !== "--debug");
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    console.log(RADLAB_VERSION);
    return EXIT.ok;
  }
  if (!isCommand(name)) {
    console.error(`radlab: unknown command "${name}"\n\n${usage()}`);
    return EXIT.badInput;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(commandHelp(name, COMMANDS[name]));
    return EXIT.ok;
  }
  try {
    const module = await LOADERS[name]();
    return await module.run(rest);
  } catch (error) {
    return reportError(name, error, debug ? { debug } : {});
  }
}
