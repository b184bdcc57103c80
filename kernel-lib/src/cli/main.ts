/**
 * The `radlab` command line: one subcommand per file in this folder, each exporting
 * `run(argv): Promise<number>` (the exit code). Loaded lazily so `radlab info` does not pay
 * for the statistics or the browser.
 */
import { RadlabInputError } from "../errors.js";
import { RADLAB_VERSION } from "../version.js";

/** A subcommand: its one-line summary and usage, and the module that runs it. */
interface Command {
  summary: string;
  usage: string;
}

export const COMMANDS: Record<string, Command> = {
  info: { summary: "size, spacing, orientation and intensity range of a volume (and its ROI)", usage: "radlab info VOLUME [--mask MASK] [--label N] [--json]" },
  "demo-data": { summary: "write the seeded synthetic NPC demo cohort", usage: "radlab demo-data --out DIR [--seed S] [--cases N]" },
  extract: {
    summary: "extract the 432 features of one case or of a cohort",
    usage:
      "radlab extract --image IMG --mask MASK [--label N] [--discretization none|bins:N|width:W] [--empty-directions skip|itk] [--settings FILE] --json|--csv\n" +
      "       radlab extract --manifest M.csv --out features.csv|features.arrow [--workers N] [--settings FILE] [--cache DIR | --no-cache]",
  },
  model: {
    summary: "the study's statistics: preprocessing, LASSO-CV, logistic Rad-score, ROC, calibration",
    usage: "radlab model --features F.csv --outcome COL --split COL [--foldid COL] [--clinical a,b,c] [--lambda min|1se] --out result.json",
  },
  figures: {
    summary: "every figure of a study result as PNG and SVG, tables as CSV/LaTeX/HTML",
    usage:
      "radlab figures --result result.json [--volume V --mask M [--label N]] --out DIR\n" +
      "       [--features F.csv [--outcome COL] [--id COL] [--split COL]] [--outcome-labels LABEL0,LABEL1] [--format png,svg] [--scale S]",
  },
  study: {
    summary: "the demo study end to end (demo cohort → features → model → figures); what `npm start` runs",
    usage: "radlab study [--data DIR] [--cases N] [--seed S] [--workers N] [--no-figures]",
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    `radlab ${RADLAB_VERSION}: radiomics studies from volumes to figures`,
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `radlab COMMAND --help` for a command's options.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "-v") {
    console.log(RADLAB_VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`radlab: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`usage: ${command.usage}`);
    return 0;
  }
  let module: { run(argv: string[]): Promise<number> };
  try {
    module = await import(`./${name}.js`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String(error).includes(`cli/${name}.js`)) {
      console.error(`radlab ${name}: not available in this build`);
      return 2;
    }
    throw error;
  }
  try {
    return await module.run(rest);
  } catch (error) {
    if (error instanceof RadlabInputError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`radlab ${name}: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}
