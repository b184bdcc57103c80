/**
 * `radlab merge PART... --out features.csv|features.arrow`: the parts of a sharded extraction
 * (`radlab extract --shard`) joined in manifest order into the table, failures report and
 * provenance record a single-machine `radlab extract --manifest` writes. Parts that do not
 * belong together are refused with every reason, each naming the files.
 *
 * Options and exit statuses: commands.ts (`radlab merge --help`).
 */
import { companionPaths, FEATURE_TABLE_FORMATS, writeCohortExtraction } from "../features/feature-table.js";
import { prepareOutputs } from "../io/output-file.js";
import { mergeParts } from "../scale/merge.js";
import { COMMANDS } from "./commands.js";
import { cohortExitStatus } from "./extract.js";
import { parseCommand } from "./options.js";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("merge", COMMANDS.merge, argv);
  const companions = companionPaths(values.out);
  await prepareOutputs(
    [
      { path: values.out, option: "--out", kind: "file", extensions: FEATURE_TABLE_FORMATS },
      { path: companions.failures, option: "--out (its failures report)", kind: "file" },
      { path: companions.provenance, option: "--out (its provenance record)", kind: "file" },
    ],
    positionals,
  );
  const merged = await mergeParts(positionals);
  const paths = await writeCohortExtraction(merged, values.out, { manifestSha256: merged.manifestSha256, parts: merged.parts });
  const done = merged.table.numRows();
  const failed = merged.failures.length;
  process.stderr.write(
    `${merged.parts.length} parts, ${failed} failed${failed > 0 ? ` (see ${paths.failures})` : ""}: ${done} of ${done + failed} cases → ${paths.table}\n` +
      (failed > 0 ? `${merged.failures.map((f) => `  ${f.reason}`).join("\n")}\n` : ""),
  );
  return cohortExitStatus(done, failed);
}
