/**
 * `lambdaExplorer(result, { studyTable })`: the λ explorer widget's data. What is cheap and
 * fixed is sent as computed by the study (the λ path, the CV curve, the coefficient paths);
 * what changes with the slider (the logistic refit on the features selected at a λ, its ROC and
 * DeLong CI, the LASSO score's ROC) is computed in the browser by kernel-lib's own
 * stats/lambda-model.ts, from the z-scored training and validation columns of the features that
 * are ever non-zero on the path. Those columns come from the study table through the same
 * training-fitted preprocessing as runStudy, checked against the result's recorded parameters.
 * The fallback is the study's figures at its chosen λ and the selected features' coefficients.
 */
import { RadlabInputError } from "../errors.js";
import { studyFigure } from "../plots/study-result.js";
import { applyPreprocessing, fitPreprocessing } from "../stats/preprocess.js";
import { type CohortSet, chosenLambda, type RocSummary, type StudyResult } from "../stats/study-result.js";
import type { StudyTable } from "../stats/table.js";
import { figureBundle } from "./show.js";
import { escapeHtml, formatCell } from "./table-html.js";
import type { MimeBundle } from "./tslab.js";
import { FALLBACK_STYLE, provenance, type RadlabWidget, type WidgetBundleOptions } from "./widget.js";
import { LAMBDA_EXPLORER_MIME, type LambdaExplorerGroup, type LambdaExplorerPayload } from "./widget-payloads.js";

/** Options of {@link lambdaExplorer}. */
export interface LambdaExplorerOptions {
  /** The table runStudy was given: without it the widget shows the path but no refit or ROC. */
  studyTable?: StudyTable;
}

/** The runStudy option that takes a λ value (StudyOptions.lambda). */
export const LAMBDA_OPTION = "lambda";

/** Relative agreement required between the result's preprocessing and the one refitted here. */
const SAME_TABLE_TOLERANCE = 1e-12;

/** Row index of each id, failing with the ids the table lacks. */
function rowsOf(table: StudyTable, ids: readonly string[]): number[] {
  const index = new Map(table.ids.map((id, i) => [id, i]));
  const missing = ids.filter((id) => !index.has(id));
  if (missing.length > 0) {
    throw new RadlabInputError(
      `lambdaExplorer: the study table ${table.source} has no row for ${missing.length} patient(s) of the result (${missing.slice(0, 5).join(", ")})`,
    );
  }
  return ids.map((id) => index.get(id) as number);
}

/** The z-scored columns of the path features for the training and validation patients, as runStudy made them. */
function refitData(result: StudyResult, table: StudyTable, features: string[]): NonNullable<LambdaExplorerPayload["refit"]> {
  const idsOf = (set: CohortSet) => result.patients.filter((p) => p.set === set).map((p) => p.id);
  const trainingIds = idsOf("training");
  const validationIds = idsOf("validation");
  const training = rowsOf(table, trainingIds);
  const validation = rowsOf(table, validationIds);
  const recordedOf = new Map(result.preprocessing.features.map((f) => [f.feature, f]));
  const fitted = fitPreprocessing(table.features, table.featureNames, result.settings.preprocess, training);
  for (const name of features) {
    const j = fitted.featureNames.indexOf(name);
    const recorded = recordedOf.get(name);
    const p = fitted.params[j];
    const same = (a: number, b: number) => Math.abs(a - b) <= SAME_TABLE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
    if (j < 0 || !recorded || !same(p.cleanMean, recorded.cleanMean) || !same(p.cleanSd, recorded.cleanSd)) {
      throw new RadlabInputError(
        `lambdaExplorer: feature "${name}" of the result is not preprocessed the same way in ${table.source}: is this the study's table?`,
      );
    }
  }
  const columnsOf = (rows: number[]): number[][] => {
    const z = applyPreprocessing(fitted, table.features, rows);
    return features.map((name) => Array.from(z.columns[fitted.featureNames.indexOf(name)]));
  };
  const group = (ids: string[], rows: number[]): LambdaExplorerGroup => ({ ids, outcome: rows.map((i) => table.outcome[i]), z: columnsOf(rows) });
  return {
    training: group(trainingIds, training),
    validation: validation.length > 0 ? group(validationIds, validation) : null,
  };
}

/** The λ explorer's payload and bundle for a study result (see the module comment). */
export function lambdaExplorer(result: StudyResult, options: LambdaExplorerOptions = {}): RadlabWidget<LambdaExplorerPayload> {
  const lasso = result?.lasso;
  if (!lasso?.lambda?.length || !lasso.path?.beta)
    throw new RadlabInputError("lambdaExplorer: expected a study result of runStudy or `radlab model` (lasso.lambda and lasso.path missing)");
  const betaNames = new Set(Object.keys(lasso.path.beta));
  // Column order of the study (Object.keys would put integer-like names first).
  const order = options.studyTable?.featureNames ?? result.preprocessing.features.map((f) => f.feature);
  const features = order.filter((name) => betaNames.has(name));
  const chosenIndex = lasso.lambda.indexOf(chosenLambda(result));
  const payload: LambdaExplorerPayload = {
    schema: "radlab.lambda-explorer",
    version: 1,
    provenance: provenance(),
    source: result.data.source,
    outcome: result.settings.outcome,
    seed: result.settings.seed,
    measure: result.settings.measure,
    lambda: lasso.lambda,
    cvm: lasso.cvm,
    cvsd: lasso.cvsd,
    nzero: lasso.nzero,
    indexMin: lasso.indexMin - 1,
    index1se: lasso.index1se - 1,
    features,
    a0: lasso.path.a0,
    beta: features.map((name) => lasso.path.beta[name]),
    refit: options.studyTable ? refitData(result, options.studyTable, features) : null,
    study: {
      lambdaIndex: chosenIndex >= 0 ? chosenIndex : lasso.indexMin - 1,
      selected: lasso.selected,
      aucTraining: result.roc.training.auc,
      aucValidation: result.roc.validation?.auc ?? null,
    },
    lambdaOption: LAMBDA_OPTION,
  };
  return {
    mimeType: LAMBDA_EXPLORER_MIME,
    payload,
    drawsFigures: true,
    bundle: (bundleOptions: WidgetBundleOptions = {}): MimeBundle => ({
      [LAMBDA_EXPLORER_MIME]: payload,
      "text/html": lambdaExplorerHtml(result, options, bundleOptions),
      "text/plain": lambdaExplorerSummary(result),
    }),
  };
}

/** "λ explorer: 100 λ …; λ.min = … selects k features; AUC …". */
export function lambdaExplorerSummary(result: StudyResult): string {
  const l = result.lasso;
  const auc = (r: RocSummary | null) => (r ? `${r.auc.toFixed(3)} (${r.ciLow.toFixed(3)}–${r.ciHigh.toFixed(3)})` : "n/a");
  return (
    `λ explorer: ${l.lambda.length} λ values, ${Object.keys(l.path.beta).length} features on the path; ` +
    `λ.min = ${l.lambdaMin.toPrecision(4)}, λ.1se = ${l.lambda1se.toPrecision(4)}; at the chosen λ (${chosenLambda(result).toPrecision(4)}) ${l.selected.length} features, ` +
    `AUC training ${auc(result.roc.training)}, validation ${auc(result.roc.validation)}`
  );
}

/** The fallback: the CV curve, coefficient paths and ROC of the chosen λ, and its coefficients as a table. */
function lambdaExplorerHtml(result: StudyResult, options: LambdaExplorerOptions, bundleOptions: WidgetBundleOptions): string {
  const figures: string[] = [];
  let includePlotlyJs = bundleOptions.includePlotlyJs ?? false;
  for (const name of ["lasso-cv", "coefficient-paths", "roc"] as const) {
    try {
      const figure = studyFigure(result, name, { studyTable: options.studyTable });
      figures.push(figureBundle(figure, { includePlotlyJs })["text/html"] as string);
      includePlotlyJs = false;
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      figures.push(`<p style="color:#555">${escapeHtml(error.message)}</p>`);
    }
  }
  const l = result.lasso;
  const rows = Object.entries(l.coefficients)
    .map(
      ([name, value]) =>
        `<tr><td style="padding:1px 8px">${escapeHtml(name)}</td><td style="padding:1px 8px;text-align:right">${escapeHtml(formatCell(value))}</td></tr>`,
    )
    .join("");
  const code = `const model = rl.runStudy(table, { ${LAMBDA_OPTION}: ${chosenLambda(result)} })`;
  return (
    `<div class="radlab-lambda-explorer-fallback" style="${FALLBACK_STYLE}">` +
    `<p>${escapeHtml(lambdaExplorerSummary(result))}</p>` +
    `<table style="border-collapse:collapse"><thead><tr><th style="text-align:left;padding:1px 8px">LASSO coefficient (z scale)</th><th></th></tr></thead><tbody>${rows}</tbody></table>` +
    `<p>This λ in code: <code>${escapeHtml(code)}</code></p>` +
    figures.join("\n") +
    `</div>`
  );
}
