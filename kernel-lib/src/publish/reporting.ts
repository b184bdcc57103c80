/**
 * The reporting page's content: the items of TRIPOD 2015 (Collins et al., BMJ 2015;350:g7594),
 * TRIPOD+AI (Collins et al., BMJ 2024;385:e078378) where it adds to them, the CLEAR checklist
 * (Kocak et al., Insights Imaging 2023;14:75) and the Radiomics Quality Score (Lambin et al.,
 * Nat Rev Clin Oncol 2017;14:749) that a run can answer, each with its value taken from the
 * run's records and where in the notebooks it is shown; and the items a run cannot answer
 * (title, setting, eligibility, blinding, funding, …), listed as such for the authors.
 *
 * Item texts are short paraphrases, not the checklists' wording. TRIPOD 2015 items carry their
 * numbers; TRIPOD+AI and CLEAR items are named by section and topic (their numbering was not
 * checked against the published lists here); RQS items carry their number and points.
 */
import type { ExtractionRecord } from "../display/record.js";
import type { StudyResult } from "../stats/study-result.js";
import { CLEAR, RQS, TRIPOD, TRIPOD_AI } from "./reporting-checklists.js";

/** Things a notebook can show, found in its outputs (evidence.ts). */
export type EvidenceKind =
  | "extraction-record"
  | "study-result-record"
  | "feature-table"
  | "slice-viewer"
  | "lambda-explorer"
  | "lasso-cv"
  | "coefficient-paths"
  | "radscore-waterfall"
  | "roc"
  | "calibration"
  | "decision-curve"
  | "coefficients-table"
  | "baseline-table"
  | "results-paragraph";

/** Where one kind of evidence is shown: a notebook page and a cell anchor. */
export interface EvidenceLocation {
  page: string;
  notebook: string;
  cell: number;
}

/** What the run produced, for the checklists to read. */
export interface RunEvidence {
  result: StudyResult | null;
  extraction: ExtractionRecord | null;
  locations: Partial<Record<EvidenceKind, EvidenceLocation[]>>;
  /** The notebooks published (their source is on the site). */
  notebooks: string[];
}

/** One checklist item, answered or not. */
export interface ReportingItem {
  checklist: "TRIPOD 2015" | "TRIPOD+AI" | "CLEAR" | "RQS";
  item: string;
  topic: string;
  /** The answer from the run, or null when the run cannot answer it (with `why`). */
  value: string | null;
  where: EvidenceKind[];
  /** Why it is unanswerable from a run (for null values). */
  why?: string;
  /** RQS points this run earns on the item (answered items only). */
  points?: number;
}

/** Every item of the four checklists, answered from the run where it can be. */
export function reportingItems(run: RunEvidence): ReportingItem[] {
  return [...TRIPOD, ...TRIPOD_AI, ...CLEAR, ...RQS].map(({ answer, ...question }) => {
    const a = answer ? answer(run) : null;
    if (!a)
      return { ...question, value: null, where: [], why: question.why ?? "needs a study result or an extraction recorded with rl.record() in a notebook" };
    return { ...question, value: a.value, where: a.where, points: a.points };
  });
}

/** The RQS points of the answered items, and the maximum (36). */
export function rqsPoints(items: ReportingItem[]): { points: number; answered: number; max: number } {
  const rqs = items.filter((i) => i.checklist === "RQS" && i.value !== null);
  return { points: rqs.reduce((s, i) => s + (i.points ?? 0), 0), answered: rqs.length, max: 36 };
}
