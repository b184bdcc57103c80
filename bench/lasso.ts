/**
 * Benchmark (not a timed test): cvLasso on the radiomics_sim training set (96 × 432, 10 folds
 * given as R's fold ids, 100 λ), median of repeated runs after a warm-up. Where R with glmnet
 * is installed (`Rscript -e 'library(glmnet)'`), the same cv.glmnet is timed in R the same way
 * and the ratio printed. Goal: no slower than R (reference machine: 0.14 s median).
 *
 * Run (Node 20 has no TypeScript loader, so the script bundles this file with esbuild, a
 * dev dependency of widgets, node_modules left external):
 *   npm run bench:lasso [-- RUNS]
 * Needs ../shared/reference/stats (or RADLAB_SHARED).
 */
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { cvLasso } from "../kernel-lib/src/stats/cv-lasso.js";
import { applyPreprocessing, fitPreprocessing } from "../kernel-lib/src/stats/preprocess.js";
import { foldsFromColumn, splitFromColumn } from "../kernel-lib/src/stats/split.js";
import { readStudyTable } from "../kernel-lib/src/stats/table-file.js";
import { REFERENCE_CLINICAL } from "../kernel-lib/test/reference.js";

const runs = Number(process.argv[2] ?? 15);
const shared = resolve(process.env.RADLAB_SHARED ?? join(process.cwd(), "..", "shared"));
const csv = join(shared, "reference", "stats", "radiomics_sim", "radiomics_sim.csv");

const table = readStudyTable(csv, {
  outcome: "outcome",
  split: "set",
  foldid: "foldid",
  clinical: REFERENCE_CLINICAL.radiomics_sim,
});
const split = splitFromColumn(table.split!, { column: "set" });
const fitted = fitPreprocessing(table.features, table.featureNames, {}, split.training);
const z = applyPreprocessing(fitted, table.features, split.training).columns;
const y = Uint8Array.from(split.training, (i) => table.outcome[i]);
const foldid = foldsFromColumn(table.foldid!, split.training, { column: "foldid" });

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

cvLasso(z, y, { foldid, featureNames: fitted.featureNames }); // warm-up (JIT)
// Elapsed and CPU time per run: on a shared machine CPU time is the steadier of the two.
const times: number[] = [];
const cpu: number[] = [];
let result = cvLasso(z, y, { foldid, featureNames: fitted.featureNames });
for (let r = 0; r < runs; r++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  result = cvLasso(z, y, { foldid, featureNames: fitted.featureNames });
  const c = process.cpuUsage(c0);
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  cpu.push((c.user + c.system) / 1e6);
}
const ours = median(times);
const oursCpu = median(cpu);
console.log(
  `radlab cvLasso  ${z.length} features × ${y.length} rows, ${result.nfolds} folds, ${result.lambda.length} λ: ` +
    `median ${ours.toFixed(4)} s elapsed, ${oursCpu.toFixed(4)} s CPU over ${runs} runs (elapsed min ${Math.min(...times).toFixed(4)}, max ${Math.max(...times).toFixed(4)}); ` +
    `λ.min #${result.indexMin + 1}, λ.1se #${result.index1se + 1}`,
);

// R: the same data (R's own preprocessing of the same CSV) and fold ids.
const rScript = `
suppressMessages(library(glmnet))
d <- read.csv(${JSON.stringify(csv)}, check.names = FALSE)
tr <- d[d$set == "training", ]
feat <- setdiff(names(d), c("id", "set", "outcome", "foldid", "age", "sex", "bmi", "tumor_diameter_cm", "albumin_g_L", "hemoglobin_g_L", "cea_ng_mL", "stage", "ecog"))
X <- as.matrix(tr[, feat])
for (j in seq_len(ncol(X))) {
  x <- X[, j]; m <- mean(x); s <- sd(x); med <- median(x)
  x[x < m - 3 * s | x > m + 3 * s] <- med
  X[, j] <- (x - mean(x)) / sd(x)
}
y <- tr$outcome; foldid <- tr$foldid
invisible(cv.glmnet(X, y, family = "binomial", foldid = foldid))
t <- replicate(${runs}, system.time(cv.glmnet(X, y, family = "binomial", foldid = foldid))[c("elapsed", "user.self", "sys.self")])
cat(median(t[1, ]), min(t[1, ]), max(t[1, ]), median(t[2, ] + t[3, ]), "\\n")
`;
try {
  const out = execFileSync("Rscript", ["-e", rScript], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [rMedian, rMin, rMax, rCpu] = out.trim().split(/\s+/).map(Number);
  console.log(
    `R cv.glmnet     median ${rMedian.toFixed(4)} s elapsed, ${rCpu.toFixed(4)} s CPU over ${runs} runs (elapsed min ${rMin.toFixed(4)}, max ${rMax.toFixed(4)})`,
  );
  console.log(`ratio radlab / R = ${(ours / rMedian).toFixed(2)} elapsed, ${(oursCpu / rCpu).toFixed(2)} CPU (≤ 1 meets the goal)`);
} catch (error) {
  const reason =
    (error as NodeJS.ErrnoException).code === "ENOENT"
      ? "Rscript not found"
      : String((error as { stderr?: string }).stderr ?? error)
          .trim()
          .split("\n")[0];
  console.log(`R not timed (${reason}); reference machine: cv.glmnet median 0.14 s, ratio = ${(ours / 0.14).toFixed(2)}`);
}
