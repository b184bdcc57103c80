import { writeDemoCohort } from "../demo/cohort.js";
import { prepareOutputs } from "../io/output-file.js";
import { COMMANDS } from "./commands.js";
import { parseCommand } from "./options.js";

/** `radlab demo-data --out DIR [--seed S] [--cases N]` */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand("demo-data", COMMANDS["demo-data"], argv);
  const { seed, cases } = values;
  await prepareOutputs([{ path: values.out, option: "--out", kind: "folder" }]);
  const started = Date.now();
  const tty = process.stderr.isTTY;
  const summary = await writeDemoCohort({
    out: values.out,
    seed,
    cases,
    onProgress: (done, total) => {
      if (tty) process.stderr.write(`\r  writing case ${done}/${total}`);
    },
  });
  if (tty) process.stderr.write("\n");
  const training = summary.cases.filter((c) => c.set === "training");
  const validation = summary.cases.filter((c) => c.set === "validation");
  const events = (cs: typeof training) => cs.filter((c) => c.outcome === 1).length;
  console.log(
    `wrote ${summary.cases.length} cases (training ${training.length}: ${events(training)} effective / ${training.length - events(training)} ineffective; ` +
      `validation ${validation.length}: ${events(validation)} / ${validation.length - events(validation)}) ` +
      `with seed ${summary.seed} to ${summary.folder} in ${((Date.now() - started) / 1000).toFixed(1)} s\nmanifest: ${summary.manifest}`,
  );
  return 0;
}
