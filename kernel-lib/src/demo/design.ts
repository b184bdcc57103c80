/**
 * The demo cohort's study design: who is in which set with which outcome, and their clinical
 * variables. It mirrors the NPC radiotherapy-response study: 142 patients, training 96
 * (32 effective / 64 ineffective), validation 46 (23 / 23), and the variables of its
 * Tables 1–2. Clinical variables carry no outcome signal, as in the study (all p > 0.05).
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { DemoRandom } from "./prng.js";

/** Which set a demo case is in. */
export type DemoSet = "training" | "validation";

/** One synthetic patient of the demo cohort: id, set, outcome, fold, image stream and clinical values. */
export interface DemoCase {
  id: string;
  set: DemoSet;
  /** 1 = effective response to radiotherapy, 0 = ineffective. */
  outcome: 0 | 1;
  /** 1..10 for training cases (stratified, seeded), empty for validation. */
  foldid: number | null;
  /** Random stream of this case's images: cases stay identical when others are added. */
  stream: number;
  clinical: DemoClinical;
}

/** The demo cohort's clinical columns (units in {@link CLINICAL_UNITS}). */
export interface DemoClinical {
  age: number;
  sex: "M" | "F";
  ALT: number;
  AST: number;
  GGT: number;
  ALP: number;
  TBIL: number;
  ALB: number;
  PT: number;
  AFP: number;
}

/** Units of the clinical variables, for tables and the data README. */
export const CLINICAL_UNITS: Record<keyof DemoClinical, string> = {
  age: "years",
  sex: "",
  ALT: "U/L",
  AST: "U/L",
  GGT: "U/L",
  ALP: "U/L",
  TBIL: "µmol/L",
  ALB: "g/L",
  PT: "s",
  AFP: "ng/mL",
};

/** The study's group sizes: [set, outcome, count]. */
export const STUDY_GROUPS: ReadonlyArray<[DemoSet, 0 | 1, number]> = [
  ["training", 1, 32],
  ["training", 0, 64],
  ["validation", 1, 23],
  ["validation", 0, 23],
];
/** The published study's number of patients, the demo cohort's default size. */
export const STUDY_SIZE = 142;

/** The smallest demo cohort: one case per set × outcome group. */
export const DEMO_MIN_CASES = STUDY_GROUPS.length;

/** The largest demo seed: the generator takes a 32-bit unsigned seed. */
export const DEMO_SEED_MAX = 0xffffffff;

/**
 * Group sizes for a cohort of `n` cases: the study's proportions, largest remainders, at
 * least one case per group when n ≥ 4.
 */
export function groupSizes(n: number): number[] {
  if (!Number.isInteger(n) || n < DEMO_MIN_CASES)
    throw new RadlabInputError(`a demo cohort needs at least ${DEMO_MIN_CASES} cases (one per set × outcome), got ${n}`);
  const exact = STUDY_GROUPS.map(([, , c]) => (c * n) / STUDY_SIZE);
  const sizes = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = n - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((x, g) => [x - Math.floor(x), g] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; left > 0; r = (r + 1) % order.length, left--) sizes[order[r][1]]++;
  for (let g = sizes.length - 1; left < 0; g = (g + sizes.length - 1) % sizes.length) {
    if (sizes[g] > 1) {
      sizes[g]--;
      left++;
    }
  }
  return sizes;
}

/** Draws the cohort's design: ids NPC001…, shuffled group order, folds, clinical values. */
export function designCohort(n: number, seed: number): DemoCase[] {
  const random = new DemoRandom(seed, 0);
  const sizes = groupSizes(n);
  const slots: Array<{ set: DemoSet; outcome: 0 | 1 }> = [];
  STUDY_GROUPS.forEach(([set, outcome], g) => {
    for (let c = 0; c < sizes[g]; c++) slots.push({ set, outcome });
  });
  const order = random.shuffle(slots);
  const width = Math.max(3, String(n).length);
  const cases: DemoCase[] = order.map((slot, index) => ({
    id: `NPC${String(index + 1).padStart(width, "0")}`,
    ...slot,
    foldid: null,
    stream: index + 1,
    clinical: drawClinical(random),
  }));
  assignFolds(cases, random);
  return cases;
}

/**
 * Stratified 10-fold ids for the training cases: each outcome dealt round-robin after a shuffle.
 * A small cohort gets as many folds as its smaller training class has cases (each fold then
 * holds an event and a non-event; the study's 142 cases keep 10), and none below 3: a
 * training set that small cannot be cross-validated, which `radlab model` then says.
 */
function assignFolds(cases: DemoCase[], random: DemoRandom): void {
  const training = cases.filter((c) => c.set === "training");
  const events = training.filter((c) => c.outcome === 1).length;
  const folds = Math.min(10, events, training.length - events);
  if (folds < 3) return;
  for (const outcome of [1, 0] as const) {
    const members = random.shuffle(cases.filter((c) => c.set === "training" && c.outcome === outcome));
    const start = outcome === 1 ? 0 : members.length % folds; // continue the deal where the events stopped
    members.forEach((c, n) => {
      c.foldid = ((start + n) % folds) + 1;
    });
  }
}

/** Plausible pre-treatment values (log-normal for enzymes), rounded as a lab reports them. */
function drawClinical(random: DemoRandom): DemoClinical {
  const logNormal = (median: number, sdLog: number) => median * math.exp(sdLog * random.normal());
  const round = (x: number, digits: number) => Math.round(x * math.pow(10, digits)) / math.pow(10, digits);
  return {
    age: Math.round(Math.min(80, Math.max(18, 47 + 11 * random.normal()))),
    sex: random.uniform() < 0.72 ? "M" : "F",
    ALT: round(logNormal(22, 0.45), 0),
    AST: round(logNormal(22, 0.35), 0),
    GGT: round(logNormal(24, 0.55), 0),
    ALP: round(logNormal(74, 0.25), 0),
    TBIL: round(logNormal(11, 0.35), 1),
    ALB: round(42 + 3.5 * random.normal(), 1),
    PT: round(11.6 + 0.8 * random.normal(), 1),
    AFP: round(logNormal(2.8, 0.5), 2),
  };
}
