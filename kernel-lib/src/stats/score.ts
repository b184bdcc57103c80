/**
 * Scoring new patients with a study's stored model (`radlab score`): the Rad-score formula
 * applied exactly as runStudy applied it to its own patients, from what the result stores.
 *
 * For each selected feature f (result.preprocessing.features):
 *   x ← rawMedian_f            when x < lower_f or x > upper_f   (training mean ∓ k·SD caps)
 *   z = (x − cleanMean_f) / cleanSd_f                            (training mean and SD after capping;
 *                                                                  z = x when settings.preprocess.zscore is off)
 *   Rad-score = b₀ + Σ_f b_f · z_f, summed in the selected features' order (radScores),
 *   probability = 1 / (1 + e^(−Rad-score)).
 * The coefficients b are the logistic refit's (settings.radscore "logistic") or the LASSO's at
 * the chosen λ ("lasso"), both on the z scale. Scoring the training table therefore
 * reproduces the result's training Rad-scores (to the last bit: the same operations in the
 * same order on the same doubles; tested to 1e-12).
 */
import { RadlabInputError } from "../errors.js";
import { radScores } from "./lambda-model.js";
import { plogis } from "./logistic.js";
import type { FeaturePreprocessing, StudyResult } from "./study-result.js";

/** What scoring needs from a study result (a subset of StudyResult, so older objects can be passed). */
export type ScoringModel = Pick<StudyResult, "settings" | "preprocessing" | "lasso" | "logistic">;

/** The model's terms: intercept, features in summation order, their z-scale coefficients and preprocessing. */
export interface ScoringTerms {
  intercept: number;
  features: string[];
  coefficients: number[];
  preprocessing: FeaturePreprocessing[];
  /** Whether the features are z-scored (settings.preprocess.zscore). */
  zscore: boolean;
}

/** One scored patient. */
export interface PatientScore {
  id: string;
  radscore: number;
  probability: number;
  /** Features whose value lay beyond the training caps and were replaced by the training median. */
  capped: string[];
}

/** The terms of the Rad-score a result stores (see the module comment). */
export function scoringTerms(result: ScoringModel): ScoringTerms {
  let intercept: number;
  let features: string[];
  let coefficients: number[];
  if (result.settings.radscore === "logistic") {
    if (!result.logistic) throw new RadlabInputError("the study result has no logistic model to score with");
    const [first, ...terms] = result.logistic.coefficients;
    intercept = first.estimate;
    features = terms.map((t) => t.term);
    coefficients = terms.map((t) => t.estimate);
  } else {
    intercept = result.lasso.coefficients["(Intercept)"];
    features = [...result.lasso.selected];
    coefficients = features.map((f) => result.lasso.coefficients[f]);
  }
  const byName = new Map(result.preprocessing.features.map((p) => [p.feature, p]));
  const preprocessing = features.map((f) => {
    const p = byName.get(f);
    if (!p) throw new RadlabInputError(`the study result has no preprocessing (training mean, SD, caps) for "${f}"`);
    return p;
  });
  return { intercept, features, coefficients, preprocessing, zscore: result.settings.preprocess.zscore };
}

/**
 * z-scores one feature's raw values with the training preprocessing: capped to the training
 * median beyond the caps, then centred and scaled (applyPreprocessing's arithmetic).
 */
export function preprocessValues(p: FeaturePreprocessing, zscore: boolean, raw: ArrayLike<number>): { z: Float64Array; capped: boolean[] } {
  const z = new Float64Array(raw.length);
  const capped: boolean[] = [];
  const centre = zscore ? p.cleanMean : 0;
  const scale = zscore ? p.cleanSd : 1;
  for (let i = 0; i < raw.length; i++) {
    let x = raw[i];
    const out = (p.lower !== null && x < p.lower) || (p.upper !== null && x > p.upper);
    if (out) x = p.rawMedian;
    capped.push(out);
    z[i] = (x - centre) / scale;
  }
  return { z, capped };
}

/**
 * Scores patients given their raw feature values (`columns[feature][i]`, any extra columns
 * ignored). A selected feature missing from `columns`, or a non-finite value, is an error
 * naming the feature (and the patient).
 */
export function scorePatients(
  result: ScoringModel,
  ids: readonly string[],
  columns: Readonly<Record<string, ArrayLike<number>>>,
  source = "the table",
): PatientScore[] {
  const terms = scoringTerms(result);
  const missing = terms.features.filter((f) => !(f in columns));
  if (missing.length > 0) throw new RadlabInputError(`${source} lacks the model's feature column(s) ${missing.join(", ")}`);
  const z: Float64Array[] = [];
  const capped: boolean[][] = [];
  terms.features.forEach((f, k) => {
    const raw = columns[f];
    for (let i = 0; i < ids.length; i++)
      if (!Number.isFinite(raw[i])) throw new RadlabInputError(`${source}: patient ${ids[i]} has no finite value of "${f}" (got ${raw[i]})`);
    const done = preprocessValues(terms.preprocessing[k], terms.zscore, raw);
    z.push(done.z);
    capped.push(done.capped);
  });
  const selected = terms.features.map((_, k) => k);
  const scores = radScores([terms.intercept, ...terms.coefficients], z, selected, ids.length);
  return ids.map((id, i) => ({
    id,
    radscore: scores[i],
    probability: plogis(scores[i]),
    capped: terms.features.filter((_, k) => capped[k][i]),
  }));
}
