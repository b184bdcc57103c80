/**
 * Decision curve analysis (Vickers & Elkin 2006): the net benefit of deciding by the model
 * at threshold probability p_t, against treating everyone and treating no one.
 * A patient is treated when the predicted probability p ≥ p_t;
 * NB(p_t) = TP/n − FP/n · p_t/(1 − p_t). Treat all: TP = events, FP = non-events.
 */
import { RadlabInputError } from "../errors.js";

/** Options of decisionCurve. */
export interface DecisionCurveOptions {
  /** Predicted probability per patient, in [0, 1]. */
  probability: readonly number[];
  /** Observed outcome per patient, 0 or 1. */
  outcome: readonly number[];
  /** Threshold probabilities in (0, 1); default 0.01, 0.02, …, 0.99 (R: seq(0.01, 0.99, by = 0.01)). */
  thresholds?: readonly number[];
}

/** Net benefit curves, one value per threshold. */
export interface DecisionCurve {
  threshold: number[];
  netBenefitModel: number[];
  netBenefitTreatAll: number[];
  netBenefitTreatNone: number[];
  /** Patients treated by the model at each threshold. */
  nTreated: number[];
  n: number;
  events: number;
}

/** R's seq(from, to, by): from + (0:k)·by, k = ⌊(to − from)/by + 1e-10⌋. */
export function seqBy(from: number, to: number, by: number): number[] {
  const k = Math.floor((to - from) / by + 1e-10);
  return Array.from({ length: k + 1 }, (_, i) => from + i * by);
}

/**
 * Net benefit of the model, of treating all and of treating none, at each threshold
 * probability (positive if p ≥ p_t): NB = TP/n − FP/n · p_t/(1 − p_t).
 */
export function decisionCurve(options: DecisionCurveOptions): DecisionCurve {
  const { probability: p, outcome: y } = options;
  if (p.length !== y.length) throw new RadlabInputError(`decision curve: ${p.length} probabilities but ${y.length} outcomes`);
  if (p.length === 0) throw new RadlabInputError("decision curve: no patients");
  let events = 0;
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new RadlabInputError(`decision curve: probability of patient ${i + 1} is ${v}, not in [0, 1]`);
    if (y[i] !== 0 && y[i] !== 1) throw new RadlabInputError(`decision curve: outcome of patient ${i + 1} is ${y[i]}, not 0 or 1`);
    events += y[i];
  });
  const thresholds = options.thresholds ? [...options.thresholds] : seqBy(0.01, 0.99, 0.01);
  for (const t of thresholds) {
    if (!(t > 0 && t < 1)) throw new RadlabInputError(`decision curve: threshold ${t} is not in (0, 1)`);
  }
  const n = p.length;
  const netBenefitModel: number[] = [];
  const netBenefitTreatAll: number[] = [];
  const nTreated: number[] = [];
  for (const t of thresholds) {
    const odds = t / (1 - t);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (p[i] >= t) {
        if (y[i] === 1) tp++;
        else fp++;
      }
    }
    netBenefitModel.push(tp / n - (fp / n) * odds);
    netBenefitTreatAll.push(events / n - ((n - events) / n) * odds);
    nTreated.push(tp + fp);
  }
  return {
    threshold: thresholds,
    netBenefitModel,
    netBenefitTreatAll,
    netBenefitTreatNone: thresholds.map(() => 0),
    nTreated,
    n,
    events,
  };
}
