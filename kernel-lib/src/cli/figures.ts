/**
 * `radlab figures`: every figure of a study result as PNG and SVG, and its tables as CSV,
 * LaTeX and HTML, for a manuscript.
 *
 *   radlab figures --result result.json [--volume V --mask M [--label N]] --out DIR
 *                  [--features F.csv [--outcome COL] [--id COL] [--split COL]]
 *                  [--outcome-labels "No response,Response"] [--format png,svg] [--scale S]
 *
 * The feature table (the CSV given to `radlab model`, read with the columns the result's
 * settings name) supplies what a result does not carry: the feature values (correlation heat
 * map, box plots). A figure whose data are missing is listed as skipped, with the reason.
 * One headless Chromium draws every figure.
 */
import { readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { RadlabInputError } from "../errors.js";
import { orientationCode } from "../io/grid.js";
import { prepareOutputs, writeFileAtomic } from "../io/output-file.js";
import { parseMaskLabel, readMask } from "../io/read-mask.js";
import { readVolume } from "../io/read-volume.js";
import { ChromiumNotFoundError, FigureExporter } from "../plots/export.js";
import type { PlotlyFigure } from "../plots/figure.js";
import { largestRoiSlice, roiMontageFigure, roiSliceFigure, roiSlicePanels } from "../plots/roi-slice.js";
import { asStudyResult, figuresFromStudyResult, type StudyFigureOptions } from "../plots/study-result.js";
import { tableToCsv, tableToHtml, tableToLatex } from "../plots/tables.js";
import type { StudyResult } from "../stats/study-result.js";
import { readStudyTable } from "../stats/table-file.js";
import { COMMANDS } from "./commands.js";
import { EXIT } from "./errors.js";
import { parseCommand } from "./options.js";

/**
 * The study's feature table (the CSV given to `radlab model`), read as the study read it: the
 * outcome, split, fold-id and clinical columns come from the result's settings unless given.
 */
export function readFeatureTable(path: string, result: StudyResult, columns: { id?: string; outcome?: string; split?: string }): StudyFigureOptions {
  const { settings } = result;
  const studyTable = readStudyTable(path, {
    id: columns.id,
    outcome: columns.outcome ?? settings.outcome,
    split: columns.split ?? settings.splitColumn,
    foldid: settings.foldidColumn,
    clinical: settings.clinical,
  });
  return { studyTable };
}

/** Runs `radlab figures`; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand("figures", COMMANDS.figures, argv);
  if (Boolean(values.volume) !== Boolean(values.mask)) throw new RadlabInputError("--volume and --mask go together");
  const formats = values.format;
  for (const f of formats) if (f !== "png" && f !== "svg") throw new RadlabInputError(`--format takes png and/or svg, got "${f}"`);
  const scale = values.scale;
  if (!(scale > 0)) throw new RadlabInputError(`--scale must be a positive number, got "${scale}"`);

  const out = resolve(values.out);
  // Checked before any figure is drawn: a folder that can be written and is none of the inputs.
  const inputs = [values.result, values.features, values.volume, values.mask].filter((p): p is string => p !== undefined);
  await prepareOutputs([{ path: out, option: "--out", kind: "folder" }], inputs);
  const resultPath = resolve(values.result);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resultPath, "utf8"));
  } catch (error) {
    throw new RadlabInputError(`cannot read study result ${resultPath}: ${(error as Error).message}`, resultPath);
  }
  const result = asStudyResult(parsed, resultPath);
  const options: StudyFigureOptions = values.features
    ? readFeatureTable(resolve(values.features), result, { id: values.id, outcome: values.outcome, split: values.split })
    : {};
  if (values["outcome-labels"] !== undefined) {
    const labels = values["outcome-labels"];
    if (labels.length !== 2) throw new RadlabInputError(`--outcome-labels takes two names, outcome 0 then outcome 1, got "${values["outcome-labels"]}"`);
    options.outcomeLabels = labels as [string, string];
  }
  const { figures, tables, skipped } = figuresFromStudyResult(result, options);

  const all: Record<string, PlotlyFigure> = { ...figures };
  if (values.volume && values.mask) {
    const volume = await readVolume(resolve(values.volume));
    const label = values.label === undefined ? undefined : parseMaskLabel(values.label, "--label");
    const mask = await readMask(resolve(values.mask), { label, image: volume });
    // The case id: --case, else the image file's name without its extension(s).
    const caseId = values.case ?? basename(values.volume).replace(/(\.nii\.gz|\.[^.]+)$/, "");
    const shown = { caseId, orientation: orientationCode(volume) };
    all["roi-slice"] = roiSliceFigure(largestRoiSlice(volume, mask), shown);
    all["roi-montage"] = roiMontageFigure(roiSlicePanels(volume, mask), shown);
  }

  for (const [name, table] of Object.entries(tables)) {
    await writeFileAtomic(join(out, `${name}.csv`), tableToCsv(table));
    await writeFileAtomic(join(out, `${name}.tex`), tableToLatex(table));
    await writeFileAtomic(join(out, `${name}.html`), `${tableToHtml(table)}\n`);
    console.log(`${name}: ${name}.csv, ${name}.tex, ${name}.html`);
  }

  let exporter: FigureExporter;
  try {
    exporter = await FigureExporter.open();
  } catch (error) {
    if (error instanceof ChromiumNotFoundError) {
      console.error(`radlab figures: ${error.message}`);
      return EXIT.badInput;
    }
    throw error;
  }
  try {
    for (const [name, figure] of Object.entries(all)) {
      for (const format of formats as ("png" | "svg")[]) await exporter.export(figure, join(out, `${name}.${format}`), { format, scale });
      console.log(`${name}: ${formats.map((f) => `${name}.${f}`).join(", ")}`);
    }
  } finally {
    await exporter.close();
  }
  for (const s of skipped) console.error(`skipped ${s.reason}`);
  console.log(`${Object.keys(all).length} figures and ${Object.keys(tables).length} tables in ${out}`);
  return Object.keys(all).length > 0 ? EXIT.ok : EXIT.nothingDone;
}
