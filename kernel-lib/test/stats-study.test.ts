/**
 * runStudy end to end against R (shared/reference/stats): from the raw CSV, with the
 * reference's split and fold ids and its λ choice (wdbc: λ.1se, radiomics_sim: λ.min), every
 * stage of the chain is compared with glmnet / glm / pROC / rms / the R baseline tests.
 * Tolerances: LASSO as stats-lasso (the chain starts from our own preprocessing, equal to R's
 * to 1e-12); logistic β/SE/p to 1e-6; AUC to 1e-12 (a rank statistic of Rad-scores that agree
 * to ~1e-9); DeLong CI 1e-9; calibration summaries 1e-6 (they inherit the Rad-score's
 * ~1e-9 error through logit p); baseline p-values 1e-9.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { runStudy, type StudyResult } from "../src/stats/study.js";
import { parseStudyTable } from "../src/stats/table.js";
import { readStudyTable } from "../src/stats/table-file.js";
import { describeOracle, REFERENCE_CLINICAL, ref } from "./reference.js";

function close(actual: number | null, expected: number, rel: number, abs = 0): void {
  const ok = actual !== null && (Math.abs(actual - expected) <= abs || Math.abs(actual - expected) <= rel * Math.abs(expected));
  if (!ok) expect(actual).toBe(expected);
}

describeOracle("runStudy against R", () => {
  for (const name of ["wdbc", "radiomics_sim"] as const) {
    describe(name, () => {
      // biome-ignore lint/suspicious/noExplicitAny: the reference JSON is read field by field.
      const R: any = JSON.parse(readFileSync(ref("stats", name, `${name}_reference.json`), "utf8"));
      const lambda = R.radscore_model === "lambda.1se" ? "1se" : "min";
      const table = readStudyTable(ref("stats", name, `${name}.csv`), {
        outcome: "outcome",
        split: "set",
        foldid: "foldid",
        clinical: REFERENCE_CLINICAL[name],
      });
      const result: StudyResult = runStudy(table, { lambda, bootstrapB: 20, seed: 7 });

      it("records settings, seed and version, and is plain JSON", () => {
        expect(result.settings.lambda).toBe(lambda);
        expect(result.settings.split).toBe("column");
        expect(result.settings.folds).toBe("column");
        expect(result.settings.seed).toBe(7);
        expect(result.schema).toBe("radlab.study-result/1");
        expect(result.provenance.radlabVersion).toMatch(/^\d+\.\d+\.\d+/);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
        expect(result.data.n).toEqual({
          total: R.n.total,
          training: R.n.training,
          validation: R.n.validation,
          trainingEvents: R.n.training_events,
          validationEvents: R.n.validation_events,
        });
      });

      it("preprocessing replaces R's cells and the LASSO CV matches cv.glmnet", () => {
        const replaced = (key: "nReplacedTraining" | "nReplacedValidation") => result.preprocessing.features.reduce((s, f) => s + f[key], 0);
        expect(replaced("nReplacedTraining")).toBe(R.preprocessing.n_replaced_training);
        expect(replaced("nReplacedValidation")).toBe(R.preprocessing.n_replaced_validation);
        const L = R.lasso;
        result.lasso.lambda.forEach((l, k) => {
          close(l, L.lambda[k], 1e-12);
        });
        result.lasso.cvm.forEach((m, k) => {
          close(m, L.cvm[k], 1e-6);
        });
        result.lasso.cvsd.forEach((s, k) => {
          close(s, L.cvsd[k], 1e-6);
        });
        expect(result.lasso.indexMin).toBe(L.index_min);
        expect(result.lasso.index1se).toBe(L.index_1se);
        expect(result.lasso.selected).toEqual(lambda === "min" ? L.selected_lambda_min : L.selected_lambda_1se);
      });

      it("logistic regression on the selected features matches glm to 1e-6", () => {
        const c = R.logistic.coefficients;
        expect(result.logistic!.coefficients.map((t) => t.term)).toEqual(c.term);
        c.term.forEach((_term: string, k: number) => {
          const ours = result.logistic!.coefficients[k];
          close(ours.estimate, c.estimate[k], 1e-6, 1e-9);
          close(ours.se, c.std_error[k], 1e-6);
          close(ours.z, c.z[k], 1e-6, 1e-9);
          close(ours.p, c.p[k], 1e-6);
        });
        close(result.logistic!.deviance, R.logistic.deviance, 1e-6);
        close(result.logistic!.aic, R.logistic.aic, 1e-6);
        expect(result.radscore.formula).toMatch(/^Rad-score = -?[\d.e-]+ [+−] /);
      });

      it("fits the other λ's logistic model as R does (radiomics_sim; R leaves it out for wdbc)", () => {
        const other = R.logistic_other_lambda;
        const ourOther = result.logisticOtherLambda!;
        if (!other.lambda) {
          expect(ourOther.lambda).toBe("min");
          return;
        }
        expect(`lambda.${ourOther.lambda}`).toBe(other.lambda);
        expect(ourOther.coefficients.slice(1).map((c) => c.term)).toEqual(other.features);
        other.coefficients.term.forEach((term: string, k: number) => {
          const ours = ourOther.coefficients[k];
          expect(ours.term).toBe(term);
          close(ours.estimate, other.coefficients.estimate[k], 1e-6, 1e-9);
          close(ours.se, other.coefficients.std_error[k], 1e-6);
          close(ours.p, other.coefficients.p[k], 1e-6);
        });
        close(ourOther.aic, other.aic, 1e-6);
      });

      it("gives R's Rad-score per patient", () => {
        const radscore = new Map(result.patients.map((p) => [p.id, p.radscore]));
        for (const set of ["training", "validation"] as const) {
          R.ids[set].forEach((id: number, k: number) => {
            close(radscore.get(String(id)) ?? null, R.radscore[set][k], 1e-6, 1e-8);
          });
        }
      });

      it("ROC: AUC, DeLong CI, Youden on training and its cut-off on validation", () => {
        for (const set of ["training", "validation"] as const) {
          const ours = result.roc[set]!;
          close(ours.auc, R.roc[set].auc, 1e-12);
          close(ours.ciLow, R.roc[set].auc_ci_delong[0], 1e-9);
          close(ours.ciHigh, R.roc[set].auc_ci_delong[2], 1e-9);
        }
        const best = R.roc.training.youden_best;
        const youden = result.youden.training;
        expect(youden.ties.length).toBe(best.threshold.length);
        close(youden.threshold, best.threshold[0], 1e-6);
        close(youden.sensitivity, best.sensitivity[0], 1e-14);
        close(youden.specificity, best.specificity[0], 1e-14);
        const atTraining = R.roc.validation.at_training_threshold;
        close(result.youden.validation!.sensitivity, atTraining.sensitivity, 1e-14);
        close(result.youden.validation!.specificity, atTraining.specificity, 1e-14);
      });

      it("calibration: val.prob, Brier, Hosmer–Lemeshow, recalibration; decision curves", () => {
        for (const set of ["training", "validation"] as const) {
          const ours = result.calibration[set]!;
          const r = R.calibration[set];
          // On training the recalibration fit sits at (0, 1): U and its χ² are ~0 differences.
          // The result's name of each of rms's val.prob statistics (Brier is the group's own `brier`).
          const names = {
            Dxy: "dxy",
            C: "c",
            R2: "r2",
            D: "d",
            Intercept: "intercept",
            Slope: "slope",
            Emax: "emax",
            E90: "e90",
            Eavg: "eavg",
            "S:z": "spiegelhalterZ",
          } as const;
          for (const [key, name] of Object.entries(names)) close(ours.valProb![name], r.val_prob[key], 1e-6, 1e-9);
          close(ours.brier, r.val_prob.Brier, 1e-6, 1e-9);
          close(ours.brier, r.brier, 1e-9);
          close(ours.brierScaled, r.brier_scaled, 1e-9);
          expect(ours.nUsedLogistic).toBe(r.n_used_logistic_recalibration);
          close(ours.hosmerLemeshow!.statistic, r.hosmer_lemeshow.statistic, 1e-6);
          close(ours.hosmerLemeshow!.p, r.hosmer_lemeshow.p_value, 1e-6, 1e-12);
          const dc = result.decisionCurve[set]!;
          dc.netBenefitModel.forEach((nb, k) => {
            close(nb, r.decision_curve.net_benefit_model[k], 1e-12, 1e-14);
          });
          dc.netBenefitTreatAll.forEach((nb, k) => {
            close(nb, r.decision_curve.net_benefit_treat_all[k], 1e-12, 1e-14);
          });
        }
        expect(result.calibration.bootstrap!.nSuccessful).toBeGreaterThan(0);
      });

      it("baseline tables give R's test p-values", () => {
        const tables =
          name === "wdbc"
            ? [[result.baseline.trainingByOutcome, R.baseline.training_outcome1_vs_outcome0_raw_features]]
            : [
                [result.baseline.trainingByOutcome, R.baseline.training_effective_vs_ineffective],
                [result.baseline.validationByOutcome, R.baseline.validation_effective_vs_ineffective],
                [result.baseline.trainingVsValidation, R.baseline.training_vs_validation],
              ];
        for (const [ours, r] of tables) {
          expect(ours).not.toBeNull();
          for (const row of ours!.rows) {
            const e = r[row.variable];
            expect(e, row.variable).toBeDefined();
            expect(row.type).toBe(e.type);
            if (row.type === "continuous") {
              close(row.welch.p, e.welch_p, 1e-9);
              close(row.student.p, e.student_p, 1e-9);
              close(row.wilcoxon.p, e.wilcoxon_p_normal_cc, 1e-9);
            } else {
              expect(row.countsGroup1).toEqual(e.counts_group1);
              expect(row.countsGroup0).toEqual(e.counts_group0);
              close(row.chiSquare.p, e.chisq_p, 1e-9);
              close(row.chiSquareYates.p, e.chisq_yates_p, 1e-9);
              close(row.fisher!.p, e.fisher_p, 1e-9);
            }
          }
        }
      });
    });
  }
});

describeOracle("runStudy with the LASSO Rad-score at λ.min against R", () => {
  for (const name of ["wdbc", "radiomics_sim"] as const) {
    it(`${name}: LASSO linear predictor, its AUCs and raw-unit coefficients`, () => {
      // biome-ignore lint/suspicious/noExplicitAny: the reference JSON is read field by field.
      const R: any = JSON.parse(readFileSync(ref("stats", name, `${name}_reference.json`), "utf8"));
      const table = readStudyTable(ref("stats", name, `${name}.csv`), {
        outcome: "outcome",
        split: "set",
        foldid: "foldid",
        clinical: REFERENCE_CLINICAL[name],
      });
      const result = runStudy(table, { lambda: "min", radscore: "lasso", bootstrapB: 0 });
      expect(result.logistic).toBeNull();
      const radscore = new Map(result.patients.map((p) => [p.id, p.radscore]));
      for (const set of ["training", "validation"] as const) {
        R.ids[set].forEach((id: number, k: number) => {
          close(radscore.get(String(id)) ?? null, R.lasso.radscore_lasso_lambda_min[set][k], 1e-9, 1e-12);
        });
      }
      close(result.roc.training.auc, R.roc.lasso_radscore_training_auc, 1e-12);
      close(result.roc.validation!.auc, R.roc.lasso_radscore_validation_auc, 1e-12);
      const raw = R.lasso.coef_lambda_min_raw_units as Record<string, number>;
      expect(Object.keys(result.lasso.coefficientsRawUnits).sort()).toEqual(Object.keys(raw).sort());
      for (const [term, value] of Object.entries(raw)) close(result.lasso.coefficientsRawUnits[term], value, 1e-9);
    });
  }
});

describe("runStudy decisions on bad or thin input", () => {
  // 40 patients, 3 features (one informative), seeded folds.
  const lines = ["id,outcome,age,f1,f2,f3"];
  for (let i = 0; i < 40; i++) {
    const y = i % 2;
    lines.push(`p${i},${y},${50 + (i % 7)},${y + 1.5 * Math.sin(i * 2.1)},${Math.cos(i * 1.3)},${(i * 37) % 11}`);
  }
  const table = parseStudyTable(lines.join("\n"), { outcome: "outcome", clinical: ["age"] }, "small.csv");

  it("without a split column: a seeded stratified split and seeded folds, recorded", () => {
    const result = runStudy(table, { seed: 5, nfolds: 5, bootstrapB: 0 });
    expect(result.settings.split).toBe("stratified");
    expect(result.settings.folds).toBe("stratified");
    expect(result.data.n.training).toBe(28);
    expect([result.settings.folds, result.settings.seed, result.settings.nfolds]).toEqual(["stratified", 5, 5]);
    expect(runStudy(table, { seed: 5, nfolds: 5, bootstrapB: 0 }).lasso.cvm).toEqual(result.lasso.cvm);
  });

  it("perfect separation: the study still completes, with the calibration gaps and warnings noted", () => {
    const separated = parseStudyTable(
      lines
        .map((l, i) => (i === 0 ? l : l.replace(/^(p\d+),(\d),(\d+),[^,]+,/, (_, id, y, age) => `${id},${y},${age},${Number(y) * 10 + (i % 3)},`)))
        .join("\n"),
      { outcome: "outcome" },
      "separated.csv",
    );
    const result = runStudy(separated, { seed: 5, nfolds: 5, bootstrapB: 0 });
    expect(result.roc.training.auc).toBe(1);
    expect(result.notes.join(" ")).toMatch(/separation|calibration/i);
  });

  it("a validation set with one class: its ROC and calibration are null, with a note", () => {
    const withSplit = parseStudyTable(
      [
        "id,set,outcome,f1,f2",
        ...Array.from(
          { length: 40 },
          (_, i) => `p${i},${i < 30 ? "training" : "validation"},${i < 30 ? i % 2 : 0},${(i % 2) + Math.sin(i * 2.1)},${Math.cos(i)}`,
        ),
      ].join("\n"),
      { outcome: "outcome", split: "set" },
      "split.csv",
    );
    const result = runStudy(withSplit, { seed: 2, nfolds: 5, bootstrapB: 0 });
    expect(result.roc.validation).toBeNull();
    expect(result.calibration.validation).toBeNull();
    expect(result.youden.validation).toBeNull();
    expect(result.notes.join(" ")).toMatch(/validation set has a single outcome class/);
  });

  it("refuses a training set with a single class, and fewer events than folds", () => {
    const oneClass = parseStudyTable(lines.map((l, i) => (i === 0 ? l : l.replace(/^(p\d+),1,/, "$1,0,"))).join("\n"), { outcome: "outcome" }, "one.csv");
    expect(() => runStudy(oneClass, { seed: 1 })).toThrow(/single outcome class/);
    expect(() => runStudy(table, { seed: 1, nfolds: 15 })).toThrow(
      /15 stratified folds need at least 15 events and 15 non-events in training, and the training set has 14 events and 14 non-events: use nfolds ≤ 14/,
    );
    expect(() => runStudy(table, { split: "column" })).toThrow(RadlabInputError);
  });
});
