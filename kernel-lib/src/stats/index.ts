/**
 * The study's statistics (design.md, "Statistics pipeline"): any feature table with a binary
 * outcome → split → training-only preprocessing → glmnet-compatible LASSO with CV → logistic
 * Rad-score → ROC, calibration, decision curves, baseline tables; `runStudy` chains them.
 * Equal to R (glmnet, glm, pROC, rms) on shared/reference/stats.
 */

export * from "./baseline.js";
export * from "./bootstrap-calibration.js";
export * from "./calibration.js";
export * from "./cv-lasso.js";
export * from "./decision-curve.js";
export * from "./distributions.js";
export * from "./evaluation.js";
export * from "./hosmer-lemeshow.js";
export * from "./lambda-model.js";
export * from "./lasso.js";
export * from "./logistic.js";
export * from "./preprocess.js";
export * from "./r-numerics.js";
export * from "./random.js";
export * from "./roc.js";
export * from "./split.js";
export * from "./study.js";
export * from "./study-result.js";
export * from "./table.js";
export * from "./table-file.js";
export * from "./val-prob.js";
