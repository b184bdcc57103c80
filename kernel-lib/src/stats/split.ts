/**
 * The training/validation split and the cross-validation fold ids: either read from a column
 * (to reproduce a published analysis) or drawn stratified by outcome from an explicit seed.
 */
import { RadlabInputError } from "../errors.js";
import { seededRandom } from "./random.js";

/** Row indices (into the study table) of the training and validation sets. */
export interface StudySplit {
  training: Int32Array;
  validation: Int32Array;
  /** How the split was made: "column" (given) or "stratified" (seeded). */
  method: "column" | "stratified";
  /** The column it was read from. */
  column?: string;
  /** The seed and training fraction of a stratified split. */
  seed?: number;
  trainingFraction?: number;
}

/** Cell values (case-insensitive) that mean training or validation. */
export const TRAINING_LABELS = ["training", "train"];
export const VALIDATION_LABELS = ["validation", "valid", "test", "testing"];

/**
 * The split given by a column: every cell must be a training label ("training", "train") or
 * a validation label ("validation", "valid", "test", "testing"), case-insensitive.
 */
export function splitFromColumn(cells: string[], options: { column: string; ids?: string[]; source?: string }): StudySplit {
  const training: number[] = [];
  const validation: number[] = [];
  const bad: string[] = [];
  cells.forEach((cell, i) => {
    const label = cell.trim().toLowerCase();
    if (TRAINING_LABELS.includes(label)) training.push(i);
    else if (VALIDATION_LABELS.includes(label)) validation.push(i);
    else bad.push(`${options.ids?.[i] ?? i + 1} ("${cell}")`);
  });
  const where = options.source ? `${options.source}: ` : "";
  if (bad.length > 0) {
    throw new RadlabInputError(
      `${where}split column "${options.column}" must say training or validation; found ${bad.slice(0, 5).join(", ")}${bad.length > 5 ? ` and ${bad.length - 5} more` : ""}`,
      options.source,
    );
  }
  if (training.length === 0) throw new RadlabInputError(`${where}split column "${options.column}" has no training rows`, options.source);
  return { training: Int32Array.from(training), validation: Int32Array.from(validation), method: "column", column: options.column };
}

/** Options of a stratified seeded split. */
export interface StratifiedSplitOptions {
  /** Fraction of each outcome class that goes to training (default 0.7). */
  trainingFraction?: number;
  /** The seed (recorded in the result). */
  seed: number;
}

/**
 * A stratified random split: within each outcome class, a seeded shuffle, then the first
 * round(fraction · n_class) rows go to training. Row order within each set is table order.
 */
export function stratifiedSplit(outcome: ArrayLike<number>, options: StratifiedSplitOptions): StudySplit {
  const fraction = options.trainingFraction ?? 0.7;
  if (!(fraction > 0 && fraction < 1)) throw new RadlabInputError(`training fraction must be in (0, 1), got ${fraction}`);
  const random = seededRandom(options.seed);
  const isTraining = new Uint8Array(outcome.length);
  for (const cls of [0, 1]) {
    const rows = random.shuffle(indicesOf(outcome, cls));
    const take = Math.round(fraction * rows.length);
    for (let k = 0; k < take; k++) isTraining[rows[k]] = 1;
  }
  const training: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < outcome.length; i++) (isTraining[i] ? training : validation).push(i);
  return {
    training: Int32Array.from(training),
    validation: Int32Array.from(validation),
    method: "stratified",
    seed: options.seed,
    trainingFraction: fraction,
  };
}

/**
 * Fold ids for the training rows from a column: each training row needs an integer ≥ 1, and
 * the folds must be 1 … K with none empty (cv.glmnet's `foldid`).
 * @param foldid fold id per table row (0 = none)
 * @param rows the training rows
 */
export function foldsFromColumn(foldid: Int32Array, rows: ArrayLike<number>, options: { column: string; ids?: string[]; source?: string }): Int32Array {
  const folds = Int32Array.from(rows as ArrayLike<number>, (i) => foldid[i]);
  const where = options.source ? `${options.source}: ` : "";
  const missing: string[] = [];
  for (let k = 0; k < folds.length; k++) if (folds[k] < 1) missing.push(options.ids?.[rows[k]] ?? String(rows[k] + 1));
  if (missing.length > 0) {
    throw new RadlabInputError(
      `${where}fold id column "${options.column}" is empty for ${missing.length} training row(s) (ids ${missing.slice(0, 5).join(", ")})`,
      options.source,
    );
  }
  try {
    checkFolds(folds, `${where}fold id column "${options.column}"`);
  } catch (error) {
    // Say what to change: a fold-id column made for a larger cohort leaves folds empty.
    const advice = "; renumber the folds 1…K (K ≥ 3), or leave the fold-id column out (radlab model without --foldid) to draw stratified folds from the seed";
    throw new RadlabInputError(`${(error as Error).message.replace("have no rows", "have no training rows")}${advice}`, options.source);
  }
  return folds;
}

/** Checks that fold ids are 1 … K, each used, K ≥ 3 (as cv.glmnet requires). */
export function checkFolds(folds: Int32Array, what = "fold ids"): number {
  let nfolds = 0;
  for (const f of folds) {
    if (f < 1) throw new RadlabInputError(`${what}: fold ids must be integers ≥ 1, found ${f}`);
    nfolds = Math.max(nfolds, f);
  }
  const counts = new Int32Array(nfolds + 1);
  for (const f of folds) counts[f]++;
  const empty: number[] = [];
  for (let f = 1; f <= nfolds; f++) if (counts[f] === 0) empty.push(f);
  if (empty.length > 0) throw new RadlabInputError(`${what}: folds ${empty.join(", ")} of 1…${nfolds} have no rows`);
  if (nfolds < 3) throw new RadlabInputError(`${what}: ${nfolds} fold(s); cross-validation needs at least 3`);
  return nfolds;
}

/** The number of stratified folds a study uses, and why when it is not the one asked for. */
export interface FoldChoice {
  nfolds: number;
  /** Set when fewer folds than the default were chosen for a small training set. */
  note: string | null;
}

/**
 * How many stratified folds a training set allows: each fold needs at least one event and one
 * non-event, so K ≤ min(events, non-events), and cross-validation needs K ≥ 3 (cv.glmnet's
 * minimum). An explicit `requested` K that does not fit is an error saying which K would; with
 * none, the default K (10) shrinks to what fits, with a note. A training set with fewer than 3
 * events or non-events cannot be cross-validated at all: an error asking for more cases.
 */
export function chooseFoldCount(outcome: ArrayLike<number>, requested: number | undefined, preferred = 10): FoldChoice {
  let events = 0;
  for (let i = 0; i < outcome.length; i++) events += outcome[i] === 1 ? 1 : 0;
  const nonEvents = outcome.length - events;
  const fits = Math.min(events, nonEvents);
  const have = `the training set has ${events} events and ${nonEvents} non-events`;
  if (fits < 3) throw new RadlabInputError(`${have}; cross-validation needs at least 3 of each (3 folds, each with an event and a non-event): give more cases`);
  if (requested !== undefined) {
    if (requested > fits)
      throw new RadlabInputError(
        `${requested} stratified folds need at least ${requested} events and ${requested} non-events in training, and ${have}: use nfolds ≤ ${fits} (radlab model --nfolds ${fits}) or more cases`,
      );
    return { nfolds: requested, note: null };
  }
  if (fits >= preferred) return { nfolds: preferred, note: null };
  return { nfolds: fits, note: `${fits} stratified folds instead of ${preferred}: ${have} (each fold needs one of each)` };
}

/** Options of stratified seeded fold ids. */
export interface StratifiedFoldsOptions {
  /** Number of folds K (default 10). */
  nfolds?: number;
  seed: number;
}

/**
 * Stratified fold ids 1 … K: within each outcome class a seeded shuffle, then folds dealt
 * in turn, the second class continuing where the first stopped so fold sizes differ by at
 * most one. Each fold must receive at least one event, so fewer events (or non-events) than
 * folds is an error.
 */
export function stratifiedFolds(outcome: ArrayLike<number>, options: StratifiedFoldsOptions): Int32Array {
  const nfolds = options.nfolds ?? 10;
  if (!Number.isInteger(nfolds) || nfolds < 3) throw new RadlabInputError(`number of folds must be an integer ≥ 3, got ${nfolds}`);
  if (nfolds > outcome.length) throw new RadlabInputError(`${nfolds} folds for ${outcome.length} training rows`);
  const random = seededRandom(options.seed);
  const folds = new Int32Array(outcome.length);
  let next = 0;
  for (const cls of [1, 0]) {
    const rows = indicesOf(outcome, cls);
    if (rows.length < nfolds) {
      throw new RadlabInputError(
        `${rows.length} ${cls === 1 ? "events" : "non-events"} in training for ${nfolds} stratified folds: each fold needs at least one; use fewer folds`,
      );
    }
    random.shuffle(rows);
    for (const i of rows) {
      folds[i] = (next % nfolds) + 1;
      next++;
    }
  }
  return folds;
}

function indicesOf(outcome: ArrayLike<number>, cls: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < outcome.length; i++) if (outcome[i] === cls) rows.push(i);
  return rows;
}
