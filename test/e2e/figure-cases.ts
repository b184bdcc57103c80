/**
 * The figures of the radiomics_sim study, built from its R reference results
 * (shared/reference/stats, converted to the study-result schema by kernel-lib's test fixture)
 * and, for the ROI previews, a PyRadiomics MR sample with its label.
 */
import { readMask } from "../../kernel-lib/src/io/read-mask.js";
import { readVolume } from "../../kernel-lib/src/io/read-volume.js";
import { coefficientPathsFigure } from "../../kernel-lib/src/plots/coefficient-paths.js";
import type { PlotlyFigure } from "../../kernel-lib/src/plots/figure.js";
import { rocFigure } from "../../kernel-lib/src/plots/roc.js";
import { largestRoiSlice, roiMontageFigure, roiSliceFigure, roiSlicePanels } from "../../kernel-lib/src/plots/roi-slice.js";
import { figuresFromStudyResult, type StudyFigureName, studyFigure } from "../../kernel-lib/src/plots/study-result.js";
import { referenceCohort, referenceResult, referenceStudyResult } from "../../kernel-lib/test/plots-fixtures.js";
import { ref } from "../../kernel-lib/test/reference.js";

export interface FigureCase {
  name: string;
  build(): PlotlyFigure | Promise<PlotlyFigure>;
}

/** The radiomics_sim (or wdbc) R reference result in the study-result schema, and its feature table. */
export const reference = referenceStudyResult;
export const cohortTable = referenceCohort;

/**
 * A coefficient path for drawing only: the reference JSON has glmnet's coefficients at λ.min
 * and λ.1se but not the whole beta matrix, so each selected feature's path is shrunk linearly
 * in log λ to zero at its entry point, and some unselected features enter late.
 */
export function illustrativePath(l: { lambda: number[]; coef_lambda_min: Record<string, number>; lambda_min: number }): Record<string, number[]> {
  const logs = l.lambda.map(Math.log);
  const iMin = l.lambda.indexOf(l.lambda_min);
  const path: Record<string, number[]> = {};
  Object.entries(l.coef_lambda_min)
    .filter(([name]) => name !== "(Intercept)")
    .forEach(([name, b], k) => {
      const entry = Math.max(1, iMin - 2 - 2 * k);
      path[name] = logs.map((x, n) => (n <= entry ? 0 : (b * (logs[entry] - x)) / (logs[entry] - logs[iMin])));
    });
  for (let k = 0; k < 20; k++) {
    const entry = iMin + 3 + 3 * k;
    path[`late_feature_${k}`] = logs.map((x, n) => (n <= entry ? 0 : (k % 2 ? 1 : -1) * 0.05 * (logs[entry] - x)));
  }
  return path;
}

export function studyFigureCases(): FigureCase[] {
  const sim = () => referenceStudyResult("radiomics_sim");
  const options = () => cohortTable("radiomics_sim");
  const fromResult = (name: StudyFigureName): FigureCase => ({ name, build: () => studyFigure(sim(), name, options()) });
  const brain = async () => {
    const volume = await readVolume(ref("pyradiomics", "data", "brain1_image.nrrd"));
    const mask = await readMask(ref("pyradiomics", "data", "brain1_label.nrrd"), { label: 1 });
    return { volume, mask };
  };
  return [
    fromResult("lasso-cv"),
    {
      name: "coefficient-paths",
      build: () => {
        const l = referenceResult("radiomics_sim").lasso;
        return coefficientPathsFigure({
          lambda: l.lambda,
          coefficients: illustrativePath(l),
          selected: l.selected_lambda_min,
          lambdaMin: l.lambda_min,
          lambda1se: l.lambda_1se,
        });
      },
    },
    fromResult("radscore-waterfall"),
    fromResult("roc"),
    {
      name: "roc-side-by-side",
      build: () => {
        const overlay = studyFigure(sim(), "roc", options());
        // Rebuild from the same curves, one panel each.
        const curves = overlay.data
          .filter((t) => t.mode === "lines")
          .map((t, n) => {
            const point = overlay.data.filter((p) => p.mode === "markers")[n] as unknown as { x: number[]; y: number[] } | undefined;
            return {
              name: String(t.name).split(":")[0],
              sensitivity: t.y as number[],
              specificity: (t.x as number[]).map((x) => 1 - x),
              auc: Number(/AUC ([\d.]+)/.exec(String(t.name))?.[1]),
              operatingPoint: point ? { sensitivity: point.y[0], specificity: 1 - point.x[0] } : undefined,
            };
          });
        return rocFigure({ curves }, { arrangement: "side-by-side" });
      },
    },
    fromResult("calibration-training"),
    fromResult("calibration-validation"),
    fromResult("decision-curve-training"),
    fromResult("decision-curve-validation"),
    fromResult("correlation-heatmap"),
    fromResult("feature-boxplot"),
    {
      name: "correlation-heatmap-all-features",
      build: () => {
        const { featureTable } = options();
        const features = Object.fromEntries(Object.entries(featureTable.features).filter(([name]) => name.startsWith("original_")));
        // With fewer than two selected features the heat map shows every feature of the table.
        const result = referenceStudyResult("radiomics_sim");
        result.lasso.selected = [];
        return figuresFromStudyResult(result, { featureTable: { ...featureTable, features } }).figures["correlation-heatmap"];
      },
    },
    {
      name: "roi-slice",
      build: async () => {
        const { volume, mask } = await brain();
        return roiSliceFigure(largestRoiSlice(volume, mask));
      },
    },
    {
      name: "roi-montage",
      build: async () => {
        const { volume, mask } = await brain();
        return roiMontageFigure(roiSlicePanels(volume, mask, { margin: 8 }));
      },
    },
  ];
}
