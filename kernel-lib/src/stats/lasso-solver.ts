/**
 * The solver of lasso.ts: glmnet's Fortran `lognet2n` followed step for step (see lasso.ts
 * for the algorithm and what it reproduces), on the kernels of simd-kernels.ts.
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { javascriptKernels, lassoKernels } from "./simd-kernels.js";

/** glmnet.control() defaults. */
export const CONTROL = { fdev: 1e-5, devmax: 0.999, eps: 1e-6, big: 9.9e35, mnlam: 5, pmin: 1e-9 };

export interface SolverSettings {
  nlambda: number;
  lambdaMinRatio: number;
  ulam: number[];
  userLambda: boolean;
  thresh: number;
  maxit: number;
}

export interface SolverResult {
  lambda: number[];
  a0: number[];
  /** Standardised coefficients per λ (dense, length p). */
  beta: Float64Array[];
  /** Number of ever-active features at each λ (prefix of activeOrder). */
  nin: number[];
  activeOrder: Int32Array;
  devRatio: number[];
  dev0: number;
  npasses: number;
}

/**
 * glmnet's lognet2n for α = 1, unit penalty factors, no bounds, no offset, equal weights w,
 * Newton (kopt = 0), on the standardised column-major matrix x (n × p).
 *
 * Glossary: the names are glmnet's Fortran names, kept so the two read side by side.
 * - Control constants (glmnet.control): `pmin` clamp of fitted probabilities to
 *   [pmin, 1 − pmin] (so `fmin`/`fmax` bound the linear predictor and `vmin` the IRLS weight);
 *   `big` "infinity"; `eps` smallest λ ratio; `mnlam` fewest λ before the early stops;
 *   `fdev` stop when the deviance ratio gains less than this; `devmax` stop at this ratio.
 * - `ju[j]`: 1 when column j is not constant (may ever enter); `ga[j]` = |x_j·r|, the
 *   gradient that decides the strong rule; `ixx[j]` the strong (working) set.
 * - `b[0]` intercept, `b[j + 1]` coefficient of column j; `bs` the coefficients before the
 *   current IRLS step; `q` fitted probabilities; `v` IRLS weights w·q(1 − q); `r` the weighted
 *   residual w·(y − q); `xv[j]` = Σ v x_j², `vx` = v ⊙ x_j; `xmz` = Σ v (the intercept's).
 * - `mm[j]`: position + 1 of column j in `active` (0 = never active); `nin` the number ever
 *   active; `nlp` passes over the data so far (refused beyond `maxit`).
 * - `al` the current λ, `al0` the previous one (λ_max at the start), `alf` the ratio between
 *   consecutive λ, `tlam` = 2λ − λ_prev the strong-rule threshold; `dlx` the largest
 *   coefficient change of a pass (weighted: xv·d²), compared with `shr` = thresh·dev0.
 * - `bz` = logit ȳ, the intercept-only start; `dev0`/`dev1` null deviance (y is 0/1, so the
 *   saturated log-likelihood is 0).
 */
export function solvePath(xInput: Float64Array, n: number, p: number, y: Float64Array, w: number, ju: Uint8Array, s: SolverSettings): SolverResult {
  const { pmin, big, eps, mnlam, fdev, devmax } = CONTROL;
  // x, v ⊙ x (vx), the residual r and the weights v live on the kernels' heap, so the dot
  // products and residual updates can run as WebAssembly SIMD (same bits as JavaScript).
  const X0 = 0;
  const VX0 = n * p;
  const R0 = 2 * n * p;
  const V0 = R0 + n;
  const E0 = V0 + n; // the linear predictor η
  // wasm32 addresses are 32-bit: beyond 2 GiB of heap the JavaScript loops take over.
  const kernels = (E0 + n) * 8 < 2 ** 31 ? lassoKernels() : javascriptKernels();
  const heap = kernels.reserve(E0 + n);
  const x = heap.subarray(X0, X0 + n * p);
  x.set(xInput);
  const r = heap.subarray(R0, R0 + n);
  const v = heap.subarray(V0, V0 + n);
  const b = new Float64Array(p + 1); // b[0] intercept, b[j+1] feature j
  const bs = new Float64Array(p + 1);
  const xv = new Float64Array(p);
  // xv and vx of a column are computed when first needed in an IRLS iteration (epoch): a zero
  // coefficient that stays zero never needs them, and v is fixed within the iteration, so the
  // values are those glmnet computes for the whole working set up front.
  const xvEpoch = new Int32Array(p).fill(-1);
  let epoch = 0;
  const eta = heap.subarray(E0, E0 + n);
  const ga = new Float64Array(p);
  const mm = new Int32Array(p); // position+1 in the active list, 0 = never active
  const ixx = new Uint8Array(p); // working (strong) set
  const active = new Int32Array(p);
  const q = new Float64Array(n);
  const fmax = math.log(1 / pmin - 1);
  const fmin = -fmax;
  const vmin = (1 + pmin) * pmin * (1 - pmin);

  let q0 = 0;
  for (let i = 0; i < n; i++) q0 += w * y[i];
  const bz = math.log(q0 / (1 - q0));
  const vi = q0 * (1 - q0);
  b[0] = bz;
  for (let i = 0; i < n; i++) {
    v[i] = vi * w;
    r[i] = w * (y[i] - q0);
    q[i] = q0;
  }
  let xmz = vi;
  const dev1 = -(bz * q0 + math.log(1 - q0));
  const dev0 = dev1; // y is 0/1: the saturated log-likelihood is 0

  let alf = 1;
  if (s.lambdaMinRatio < 1 && !s.userLambda) alf = math.pow(Math.max(eps, s.lambdaMinRatio), 1 / (s.nlambda - 1));
  let nin = 0;
  let nlp = 0;
  const mnl = Math.min(mnlam, s.nlambda);
  const shr = s.thresh * dev0;
  /** x_k·r */
  const gradient = (k: number): number => kernels.dot(R0, X0 + k * n, n);
  for (let j = 0; j < p; j++) if (ju[j]) ga[j] = Math.abs(gradient(j));

  const out: SolverResult = { lambda: [], a0: [], beta: [], nin: [], activeOrder: active, devRatio: [], dev0, npasses: 0 };
  let al = 0;

  /** One coordinate update of feature k; returns the change in its coefficient. */
  const updateCoordinate = (k: number, al1: number): number => {
    const off = k * n;
    const bk = b[k + 1];
    const gk = gradient(k);
    if (bk === 0 && Math.abs(gk) <= al1) return 0; // stays zero: glmnet's update changes nothing
    if (xvEpoch[k] !== epoch) computeXv(k);
    const u = gk + xv[k] * bk;
    const au = Math.abs(u) - al1;
    const bNew = au <= 0 ? 0 : (u >= 0 ? au : -au) / xv[k];
    b[k + 1] = bNew;
    if (bNew === bk) return 0;
    const d = bNew - bk;
    kernels.axpy(R0, VX0 + off, n, d); // r −= d·v ⊙ x_k
    return d;
  };

  /** xv_k = Σ vᵢ x_ik² and vx_k = v ⊙ x_k at the current IRLS weights. */
  const computeXv = (k: number): void => {
    xv[k] = kernels.weighted(VX0 + k * n, V0, X0 + k * n, n);
    xvEpoch[k] = epoch;
  };

  /** The intercept's Newton step inside a pass; returns its contribution to dlx. */
  const updateIntercept = (): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += r[i];
    const d = sum / xmz;
    if (d === 0) return 0;
    b[0] += d;
    kernels.axpy(R0, V0, n, d); // r −= d·v
    return xmz * d * d;
  };

  const checkMaxit = () => {
    if (nlp > s.maxit) throw new RadlabInputError(`LASSO did not converge within maxit = ${s.maxit} passes (at λ ${out.lambda.length + 1})`);
  };

  for (let ilm = 0; ilm < s.nlambda; ilm++) {
    let al0 = al;
    if (s.userLambda) al = s.ulam[ilm];
    else if (ilm > 1) al *= alf;
    else if (ilm === 0) al = big;
    else {
      al0 = 0;
      for (let j = 0; j < p; j++) if (ju[j]) al0 = Math.max(al0, ga[j]);
      al = alf * al0;
    }
    const al1 = al;
    const tlam = 2 * al - al0;
    for (let k = 0; k < p; k++) if (!ixx[k] && ju[k] && ga[k] > tlam) ixx[k] = 1;

    for (;;) {
      checkMaxit();
      bs[0] = b[0];
      for (let j = 0; j < nin; j++) bs[active[j] + 1] = b[active[j] + 1];
      epoch++; // new IRLS weights: every working-set xv is recomputed on first use

      for (;;) {
        nlp++;
        let dlx = 0;
        for (let k = 0; k < p; k++) {
          if (!ixx[k]) continue;
          const d = updateCoordinate(k, al1);
          if (d === 0) continue;
          dlx = Math.max(dlx, xv[k] * d * d);
          if (!mm[k]) {
            nin++;
            mm[k] = nin;
            active[nin - 1] = k;
          }
        }
        dlx = Math.max(dlx, updateIntercept());
        if (dlx < shr) break;
        checkMaxit();
        for (;;) {
          nlp++;
          let dlxActive = 0;
          for (let l = 0; l < nin; l++) {
            const k = active[l];
            const d = updateCoordinate(k, al1);
            if (d !== 0) dlxActive = Math.max(dlxActive, xv[k] * d * d);
          }
          dlxActive = Math.max(dlxActive, updateIntercept());
          if (dlxActive < shr) break;
          checkMaxit();
        }
      }

      // New quadratic approximation at the current coefficients.
      // η = b0 + Σ_active b_j x_j, summed in glmnet's order (zero terms add nothing).
      eta.fill(b[0]);
      for (let l = 0; l < nin; l++) {
        const j = active[l];
        const bj = b[j + 1];
        if (bj === 0) continue;
        kernels.axpy(E0, X0 + j * n, n, -bj); // η += b_j·x_j (a − (−c) is a + c exactly)
      }
      for (let i = 0; i < n; i++) {
        const fi = eta[i];
        q[i] = fi < fmin ? 0 : fi > fmax ? 1 : 1 / (1 + math.exp(-fi));
      }
      xmz = 0;
      for (let i = 0; i < n; i++) {
        v[i] = w * q[i] * (1 - q[i]);
        xmz += v[i];
      }
      if (xmz <= vmin) break;
      for (let i = 0; i < n; i++) r[i] = w * (y[i] - q[i]);
      const diff0 = b[0] - bs[0];
      if (xmz * diff0 * diff0 >= shr) continue;
      let moved = false;
      for (let j = 0; j < nin; j++) {
        const k = active[j];
        const diff = b[k + 1] - bs[k + 1];
        if (xv[k] * diff * diff >= shr) {
          moved = true;
          break;
        }
      }
      if (moved) continue;
      // KKT check outside the working set: a violator joins it and the λ is solved again.
      let violated = false;
      for (let k = 0; k < p; k++) {
        if (ixx[k] || !ju[k]) continue;
        ga[k] = Math.abs(gradient(k));
        if (ga[k] > al1) {
          ixx[k] = 1;
          violated = true;
        }
      }
      if (!violated) break;
    }

    out.beta.push(b.slice(1));
    out.nin.push(nin);
    out.a0.push(b[0]);
    out.lambda.push(al);
    let devi = 0;
    for (let i = 0; i < n; i++) {
      const pi = Math.min(Math.max(pmin, q[i]), 1 - pmin);
      devi -= w * (y[i] * math.log(pi) + (1 - y[i]) * math.log(1 - pi));
    }
    out.devRatio.push((dev1 - devi) / dev0);
    if (xmz <= vmin) break;
    const lmu = ilm + 1;
    if (lmu < mnl || s.userLambda) continue;
    const prev = ilm === 0 ? 0 : out.devRatio[ilm - 1];
    if (out.devRatio[ilm] - prev < fdev || out.devRatio[ilm] > devmax) break;
  }
  out.npasses = nlp;
  return out;
}
