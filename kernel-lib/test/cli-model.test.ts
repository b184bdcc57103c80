/**
 * `radlab model` through the CLI dispatcher (src/cli/main.ts → cli/model.ts), in exactly the
 * form outside checks use, on the R reference data: the result file is the study-result schema
 * (validated) with R's values; bad arguments and bad tables exit 2 with a clear message.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.js";
import { demoModelArguments } from "../src/demo/study-data.js";
import { describeOracle, REFERENCE_CLINICAL, ref } from "./reference.js";
import { studyResultErrors } from "./study-result-schema.js";

const dir = mkdtempSync(join(tmpdir(), "radlab-cli-model-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in-process; returns the exit code and what it printed. */
async function radlab(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  try {
    const code = await main(argv);
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const close = (a: number, b: number, rel: number, abs = 0) => Math.abs(a - b) <= Math.max(abs, rel * Math.abs(b));

describeOracle("radlab model on the R reference data", () => {
  it("radiomics_sim with clinical columns and λ.min: every listed field, with R's values", async () => {
    const out = join(dir, "sim.json");
    const features = ref("stats/radiomics_sim/radiomics_sim.csv");
    const { code, stdout } = await radlab("model", ...demoModelArguments(features, REFERENCE_CLINICAL.radiomics_sim), "--lambda", "min", "--out", out);
    expect(code).toBe(0);
    expect(stdout).toMatch(/10 features selected/);
    const R = JSON.parse(readFileSync(ref("stats/radiomics_sim/radiomics_sim_reference.json"), "utf8"));
    const result = JSON.parse(readFileSync(out, "utf8"));

    expect(result.lasso.lambda).toHaveLength(100);
    result.lasso.lambda.forEach((l: number, k: number) => {
      expect(close(l, R.lasso.lambda[k], 1e-12)).toBe(true);
    });
    result.lasso.cvm.forEach((m: number, k: number) => {
      expect(close(m, R.lasso.cvm[k], 1e-6)).toBe(true);
    });
    result.lasso.cvsd.forEach((s: number, k: number) => {
      expect(close(s, R.lasso.cvsd[k], 1e-6)).toBe(true);
    });
    expect(close(result.lasso.lambdaMin, R.lasso.lambda_min, 1e-12)).toBe(true);
    expect(close(result.lasso.lambda1se, R.lasso.lambda_1se, 1e-12)).toBe(true);
    expect(result.lasso.selected).toEqual(R.lasso.selected_lambda_min);

    const c = R.logistic.coefficients;
    c.term.forEach((term: string, k: number) => {
      const ours = result.logistic.coefficients[k];
      expect(ours.term).toBe(term);
      expect(close(ours.estimate, c.estimate[k], 1e-6)).toBe(true);
      expect(close(ours.se, c.std_error[k], 1e-6)).toBe(true);
      expect(close(ours.p, c.p[k], 1e-6)).toBe(true);
    });

    expect(result.patients).toHaveLength(142);
    const radscore = new Map(result.patients.map((p: { id: string; radscore: number }) => [p.id, p.radscore]));
    R.ids.validation.forEach((id: number, k: number) => {
      expect(close(radscore.get(String(id)) as number, R.radscore.validation[k], 1e-6)).toBe(true);
    });

    for (const set of ["training", "validation"]) {
      expect(close(result.roc[set].auc, R.roc[set].auc, 1e-12)).toBe(true);
      expect(close(result.roc[set].ciLow, R.roc[set].auc_ci_delong[0], 1e-9)).toBe(true);
      expect(close(result.roc[set].ciHigh, R.roc[set].auc_ci_delong[2], 1e-9)).toBe(true);
    }
    expect(close(result.youden.training.threshold, R.roc.training.youden_best.threshold[0], 1e-6)).toBe(true);
    expect(close(result.youden.training.sensitivity, R.roc.training.youden_best.sensitivity[0], 1e-14)).toBe(true);
    expect(close(result.youden.training.specificity, R.roc.training.youden_best.specificity[0], 1e-14)).toBe(true);
    expect(close(result.youden.validation.sensitivity, R.roc.validation.at_training_threshold.sensitivity, 1e-14)).toBe(true);
    expect(close(result.youden.validation.specificity, R.roc.validation.at_training_threshold.specificity, 1e-14)).toBe(true);

    const cal = result.calibration.validation;
    const names = { Dxy: "dxy", C: "c", R2: "r2", Intercept: "intercept", Slope: "slope", Emax: "emax", E90: "e90", Eavg: "eavg" };
    for (const [key, name] of Object.entries(names)) {
      expect(close(cal.valProb[name], R.calibration.validation.val_prob[key], 1e-6), key).toBe(true);
    }
    expect(close(cal.brier, R.calibration.validation.val_prob.Brier, 1e-6)).toBe(true);
    expect(close(cal.hosmerLemeshow.statistic, R.calibration.validation.hosmer_lemeshow.statistic, 1e-6)).toBe(true);
    // p ≈ 6e-14 here: the JSON's 15 digits of a far tail, compared absolutely.
    expect(close(cal.hosmerLemeshow.p, R.calibration.validation.hosmer_lemeshow.p_value, 1e-6, 1e-12)).toBe(true);

    expect(result.settings).toMatchObject({
      outcome: "outcome",
      splitColumn: "set",
      foldidColumn: "foldid",
      lambda: "min",
      clinical: expect.arrayContaining(["ecog"]),
    });
    expect(result.provenance.command).toContain("--features");
    expect(result.provenance.radlabVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(studyResultErrors(result)).toEqual([]);
  });

  it("wdbc with --lambda 1se and no clinical columns", async () => {
    const out = join(dir, "wdbc.json");
    const { code } = await radlab("model", ...demoModelArguments(ref("stats/wdbc/wdbc.csv"), []), "--lambda", "1se", "--bootstrap", "0", "--out", out);
    expect(code).toBe(0);
    const R = JSON.parse(readFileSync(ref("stats/wdbc/wdbc_reference.json"), "utf8"));
    const result = JSON.parse(readFileSync(out, "utf8"));
    expect(result.lasso.selected).toEqual(R.lasso.selected_lambda_1se);
    expect(result.logistic.coefficients.map((c: { term: string }) => c.term)).toEqual(R.logistic.coefficients.term);
    expect(studyResultErrors(result)).toEqual([]);
    expect(close(result.roc.validation.auc, R.roc.validation.auc, 1e-12)).toBe(true);
  });
});

describe("radlab model: bad arguments and bad tables exit 2 with a message", () => {
  const csv = join(dir, "small.csv");
  const lines = ["id,set,outcome,f1,f2"];
  // 20 training rows with 7 events: too few for 10 stratified folds.
  for (let i = 0; i < 30; i++)
    lines.push(`p${i},${i < 20 ? "training" : "validation"},${i % 3 === 0 ? 1 : 0},${(i % 3 === 0 ? 1 : 0) + Math.sin(i)},${Math.cos(i)}`);
  writeFileSync(csv, `${lines.join("\n")}\n`);

  it("missing required options", async () => {
    const r = await radlab("model", "--features", csv, "--outcome", "outcome");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing --split, --out/);
  });

  it("unknown column, bad --lambda, unknown option", async () => {
    const out = join(dir, "x.json");
    let r = await radlab("model", "--features", csv, "--outcome", "response", "--split", "set", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown outcome column "response"/);
    r = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--lambda", "max", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--lambda must be one of min, 1se/);
    r = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--penalty", "2", "--out", out);
    expect(r.code).toBe(2);
  });

  it("--units: COL=UNIT items of clinical columns", async () => {
    const out = join(dir, "units.json");
    let r = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--units", "f2", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--units needs COL=UNIT items, got "f2"/);
    r = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--units", "f2=mm", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/units were given for f2, which is not a clinical column \(clinical: none\)/);
  });

  it("fewer events than folds when folds are drawn: 7 folds, said; --nfolds 10 refused, saying which K fits", async () => {
    let r = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--bootstrap", "0", "--out", join(dir, "y.json"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("note: 7 stratified folds instead of 10: the training set has 7 events and 13 non-events");
    expect(JSON.parse(readFileSync(join(dir, "y.json"), "utf8")).settings.nfolds).toBe(7);
    r = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--nfolds", "10", "--out", join(dir, "y.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/10 stratified folds need at least 10 events .* use nfolds ≤ 7 \(radlab model --nfolds 7\) or more cases/);
  });
});
