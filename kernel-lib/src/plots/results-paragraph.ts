/**
 * The results of a study run written as the study wrote its own ("The AUC of the training group
 * model was 0.826 (95% CI …), sensitivity …, specificity …"), and a table of this run beside the
 * published numbers. Every number comes from the study result; nothing is rounded before it is
 * printed, so the paragraph of a notebook and that of `radlab model`'s JSON are equal exactly
 * when the results are.
 */
import { chosenLambda, lambdaLabel, type StudyResult } from "../stats/study-result.js";

/** What the published NPC study reports (design.md): its design and its two AUCs. */
export const PUBLISHED_STUDY = {
  patients: 142,
  training: 96,
  validation: 46,
  features: 432,
  selected: 5,
  aucTraining: 0.826,
  aucValidation: 0.81,
} as const;

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
const interval = (low: number, high: number, format: (v: number) => string) => `95% CI ${format(low)}–${format(high)}`;
/** `digits` decimals; "n/a" for a statistic JSON stored as null (NaN). */
const fixed = (v: number | null, digits: number) => (v === null || !Number.isFinite(v) ? "n/a" : v.toFixed(digits));
const three = (v: number | null) => fixed(v, 3);
type Roc = StudyResult["roc"]["training"];
type Classification = NonNullable<StudyResult["youden"]["validation"]>;

/** One group's sentence: AUC with its CI, then sensitivity and specificity at the training Youden cut-off. */
function groupSentence(group: string, roc: Roc | null, youden: Classification | null): string {
  if (!roc) return `The ${group} group had a single outcome class, so its AUC is not defined.`;
  const auc = `The AUC of the ${group} group model was ${three(roc.auc)} (${interval(roc.ciLow, roc.ciHigh, three)})`;
  if (!youden) return `${auc}.`;
  return (
    `${auc}, sensitivity ${percent(youden.sensitivity)} (${interval(youden.sensitivityCi[0], youden.sensitivityCi[1], percent)}), ` +
    `specificity ${percent(youden.specificity)} (${interval(youden.specificityCi[0], youden.specificityCi[1], percent)}).`
  );
}

/**
 * The results paragraph (Markdown): selection, the Rad-score's discrimination in both groups at
 * the Youden cut-off chosen on training, calibration, and the settings that produced them.
 * `cohort` names the data ("the synthetic demo cohort"), which the paragraph states first.
 */
export function resultsParagraph(result: StudyResult, cohort: string): string {
  const l = result.lasso;
  const n = result.data.n;
  const s = result.settings;
  const cutoff = result.youden.training.threshold;
  const hl = (c: StudyResult["calibration"]["training"] | null) =>
    c?.hosmerLemeshow ? `χ² = ${fixed(c.hosmerLemeshow.statistic, 2)}, p = ${three(c.hosmerLemeshow.p)}` : "not computed";
  return [
    `**Results (${cohort}).** ${n.total} patients were divided into a training group (${n.training}; ${n.trainingEvents} effective) ` +
      `and a validation group (${n.validation}; ${n.validationEvents} effective). ` +
      `Of ${result.data.nFeatures} texture parameters, the LASSO with ${new Set(l.foldid).size}-fold cross-validation ` +
      `(${lambdaLabel(s.lambda)} = ${chosenLambda(result).toPrecision(4)}) kept ${l.selected.length}: ${l.selected.join(", ") || "none"}.`,
    `${groupSentence("training", result.roc.training, result.youden.training)} ${groupSentence("validation", result.roc.validation, result.youden.validation)}`,
    `The Youden cut-off of the Rad-score (${cutoff === null ? "none: a constant score" : cutoff.toFixed(4)}) was chosen on the training group and applied unchanged to the validation group. ` +
      `Hosmer–Lemeshow test: training ${hl(result.calibration.training)}; validation ${hl(result.calibration.validation)}.`,
    `*Settings: seed ${s.seed}, preprocessing ${s.cvPreprocessing === "training" ? "fitted once on the training group" : "refitted in every CV fold"}, ` +
      `measure ${s.measure}, radlab ${result.provenance.radlabVersion}.*`,
  ].join("\n\n");
}

/** This run beside the published study, as a Markdown table (the published column as printed in the paper). */
export function publishedComparison(result: StudyResult, cohort: string): string {
  const n = result.data.n;
  const p = PUBLISHED_STUDY;
  const auc = (r: Roc | null) => (r ? `${three(r.auc)} (${interval(r.ciLow, r.ciHigh, three)})` : "n/a");
  const rows: [string, string, string][] = [
    ["patients (training / validation)", `${n.total} (${n.training} / ${n.validation})`, `${p.patients} (${p.training} / ${p.validation})`],
    ["texture parameters", String(result.data.nFeatures), String(p.features)],
    ["features kept by the LASSO", String(result.lasso.selected.length), String(p.selected)],
    ["AUC, training group", auc(result.roc.training), p.aucTraining.toFixed(3)],
    ["AUC, validation group", auc(result.roc.validation), p.aucValidation.toFixed(3)],
  ];
  return [`| | this run (${cohort}) | published study |`, "|---|---|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}
