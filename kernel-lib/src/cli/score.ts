/**
 * `radlab score`: the Rad-score of new patients from a stored study result, applying the
 * training capping, medians, means, SDs and coefficients exactly (stats/score.ts).
 *
 *   radlab score --result result.json --features new.csv [--id COL] [--out scores.csv]
 *
 * Writes `id,radscore,probability,capped` (CSV; stdout without --out): `capped` lists the
 * features whose value lay beyond the training caps and were replaced by the training median.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { RadlabInputError } from "../errors.js";
import { csvField, parseCsv, parseDecimal } from "../io/csv.js";
import { prepareOutputs, writeFileAtomic } from "../io/output-file.js";
import { asStudyResult } from "../plots/study-result.js";
import { scorePatients, scoringTerms } from "../stats/score.js";
import { COMMANDS } from "./commands.js";
import { parseCommand } from "./options.js";

/** Reads a file's text, or an input error naming it. */
function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new RadlabInputError(`cannot read ${what} ${path}: ${(error as Error).message}`, path);
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand("score", COMMANDS.score, argv);
  if (values.out !== undefined)
    await prepareOutputs([{ path: values.out, option: "--out", kind: "file", extensions: [".csv"] }], [values.result, values.features]);
  const resultPath = resolve(values.result);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(resultPath, "study result"));
  } catch (error) {
    if (error instanceof RadlabInputError) throw error;
    throw new RadlabInputError(`${resultPath}: not JSON (${(error as Error).message})`, resultPath);
  }
  const result = asStudyResult(parsed, resultPath);
  const features = scoringTerms(result).features;

  const tablePath = resolve(values.features);
  const [header, ...rows] = parseCsv(readText(tablePath, "feature table")).filter((r) => r.length > 1 || r[0] !== "");
  if (!header || rows.length === 0) throw new RadlabInputError(`${tablePath}: no patients (a header and at least one row)`, tablePath);
  const idColumn = header.indexOf(values.id);
  const ids = rows.map((r, i) => (idColumn >= 0 ? r[idColumn] : String(i + 1)));
  const columns: Record<string, Float64Array> = {};
  for (const f of features) {
    const j = header.indexOf(f);
    if (j >= 0) columns[f] = Float64Array.from(rows, (r) => parseDecimal(r[j] ?? ""));
  }
  const scores = scorePatients(result, ids, columns, tablePath);

  const lines = [
    "id,radscore,probability,capped",
    ...scores.map((s) => [s.id, String(s.radscore), String(s.probability), s.capped.join(" ")].map(csvField).join(",")),
  ];
  const csv = `${lines.join("\n")}\n`;
  if (values.out === undefined) process.stdout.write(csv);
  else await writeFileAtomic(resolve(values.out), csv);
  const capped = scores.filter((s) => s.capped.length > 0);
  process.stderr.write(
    `radlab score: ${scores.length} patient(s) scored with the ${result.settings.radscore} Rad-score on ${features.length} feature(s) of ${resultPath}` +
      (capped.length > 0 ? `; ${capped.length} with values beyond the training caps, replaced by the training median (column capped)` : "") +
      (values.out === undefined ? "\n" : ` → ${resolve(values.out)}\n`),
  );
  return 0;
}
