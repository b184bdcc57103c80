#!/usr/bin/env node
/**
 * bench/widgets: how fast the widgets respond in Debian's Chromium (standalone bundle,
 * WebGL through SwiftShader, no GPU), each against a baseline run in the same command.
 *
 *   npm run bench:widgets [-- --steps 100]
 *
 * (esbuild bundles this script with the test page helpers of test/e2e/widget-page.ts into
 * artifacts/bench/widgets.mjs, packages left external, and runs it.)
 *
 * λ explorer (goal: ≤ 16 ms median per slider step, one frame): the study table is
 * shared/reference/stats/radiomics_sim (432 features, 96 training / 46 validation, 100 λ) when
 * present, else a seeded synthetic table of the same shape. Each of `--steps` slider steps
 * visits a λ the widget has not computed yet (the worst case): performance.now() around the
 * step's update (the LASSO's part: features, the LASSO score's two ROCs with DeLong CIs, marks
 * on both plots), median and p95; then the time from the step until the logistic refit's
 * numbers and ROC are shown (refit after the step's frame, two more ROCs). Baseline: the same
 * model computed by kernel-lib in Node (what a kernel round trip would at least cost, minus
 * messaging).
 *
 * Slice viewer (demo case 1 of a 4-case demo cohort, ROI box + 12 voxels): time from the render
 * call to the first drawn slice (NiiVue loaded, volumes uploaded, gl.finish()), and the frame
 * time of a wheel step (event dispatched → slice drawn → gl.finish()), median over 30 steps.
 * Baseline: plotly.js drawing the same largest slice as the static preview figure (roiSliceFigure).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as rl from "@radlab/kernel-lib";
import { REFERENCE_CLINICAL, REFERENCE_DIR } from "../kernel-lib/test/reference.ts";
import { launchWidgetBrowser, renderWidget, widgetPage } from "../test/e2e/widget-page.ts";

const { values: args } = parseArgs({ options: { steps: { type: "string", default: "100" } } });
const STEPS = Number(args.steps);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)];
const ms = (x) => `${x.toFixed(1)} ms`;

/** The radiomics_sim reference table, or a synthetic one of the same shape (432 features, 96/46). */
function studyTable() {
  const csv = join(REFERENCE_DIR, "stats", "radiomics_sim", "radiomics_sim.csv");
  try {
    const clinical = REFERENCE_CLINICAL.radiomics_sim;
    return { table: rl.readStudyTable(csv, { outcome: "outcome", split: "set", foldid: "foldid", clinical }), what: "radiomics_sim (shared/reference)" };
  } catch {
    const random = rl.seededRandom(1);
    const names = rl.FEATURE_CATALOG.names;
    const lines = [["id", "set", "outcome", "foldid", ...names].join(",")];
    for (let i = 0; i < 142; i++) {
      const y = random.uniform() < 0.5 ? 1 : 0;
      const training = i < 96;
      const values = names.map((_, f) => (f % 40 === 0 ? y * 0.8 : 0) + random.uniform() * 2 - 1);
      lines.push([`P${i}`, training ? "training" : "validation", y, training ? (i % 10) + 1 : "", ...values.map((v) => v.toFixed(6))].join(","));
    }
    return {
      table: rl.parseStudyTable(lines.join("\n"), { outcome: "outcome", split: "set", foldid: "foldid" }, "synthetic.csv"),
      what: "synthetic, 432 features",
    };
  }
}

const browser = await launchWidgetBrowser();
const errors = [];
const scratch = mkdtempSync(join(tmpdir(), "radlab-bench-widgets-"));
try {
  const page = await widgetPage(browser, errors);

  // λ explorer.
  const { table, what } = studyTable();
  const result = rl.runStudy(table, { bootstrapB: 0 });
  const payload = rl.lambdaExplorer(result, { studyTable: table }).payload;
  const input = { features: payload.features, a0: payload.a0, beta: payload.beta, training: payload.refit.training, validation: payload.refit.validation };
  const order = Array.from({ length: STEPS }, (_, k) => k % payload.lambda.length);
  const node = order.map((l) => {
    const lasso = rl.lassoAtLambda(input, l);
    const t = performance.now();
    rl.refitAtLambda(input, lasso);
    return performance.now() - t;
  });
  await renderWidget(page, rl.LAMBDA_EXPLORER_MIME, payload);
  const lambdaTimes = await page.evaluate(async (steps) => {
    const w = globalThis.__radlabWidget;
    // No background warm-up and an empty cache: every step below computes its λ.
    clearTimeout(w.warmUp);
    w.models.clear();
    w.warmUp = null;
    const uncached = [];
    const compute = [];
    const refitShown = [];
    for (const l of steps) {
      w.showLambda(l);
      uncached.push(w.lastUpdateMs);
      // The refit runs after the step's frame; wait until its numbers are shown.
      while (w.node.dataset.refitIndex !== String(l)) await new Promise((resolve) => setTimeout(resolve, 1));
      compute.push(w.lastComputeMs);
      refitShown.push(w.lastRefitShownMs);
    }
    const cached = steps.map((l) => {
      w.showLambda(l);
      return w.lastUpdateMs;
    });
    // A cached step until the browser has drawn its frame (what the refit of an uncomputed λ waits for).
    const frame = [];
    for (const l of steps) {
      const t = performance.now();
      w.showLambda(l);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      frame.push(performance.now() - t);
    }
    const roc = steps.map((l) => {
      const t = performance.now();
      w.drawRoc(w.modelAt(l));
      return performance.now() - t;
    });
    // Time to warm the cache in the background after a render, as a user gets it.
    w.models.clear();
    const t = performance.now();
    w.startWarmUp();
    while (w.warmUp !== null) await new Promise((resolve) => setTimeout(resolve, 20));
    return { uncached, compute, refitShown, cached, frame, roc, warm: performance.now() - t };
  }, order);
  const { uncached, compute, refitShown, cached, frame, roc, warm } = lambdaTimes;
  console.log(
    `λ explorer (${what}: ${payload.features.length} features on the path of ${result.data.nFeatures}, ${payload.lambda.length} λ, ${result.data.n.training}/${result.data.n.validation} patients), ${STEPS} slider steps:`,
  );
  console.log(
    `  update, λ already computed (the usual case once the background warm-up is done): median ${ms(median(cached))}, p95 ${ms(p95(cached))} (goal ≤ 16 ms median)`,
  );
  console.log(
    `  update, λ not yet computed (the refit follows after the frame): median ${ms(median(uncached))}, p95 ${ms(p95(uncached))} (goal ≤ 16 ms median)`,
  );
  console.log(
    `  step → refit shown, λ not yet computed: median ${ms(median(refitShown))}, p95 ${ms(p95(refitShown))}; of which the refit (logistic fit + 2 ROCs): median ${ms(median(compute))}`,
  );
  console.log(`  a step until its frame is drawn (update, then the browser's style, layout and paint): median ${ms(median(frame))}, p95 ${ms(p95(frame))}`);
  console.log(`  ROC redraw (next animation frame, coalesced): median ${ms(median(roc))}, p95 ${ms(p95(roc))}`);
  console.log(`  background warm-up of all ${payload.lambda.length} λ after rendering: ${ms(warm)}`);
  console.log(
    `  baseline, kernel-lib's refitAtLambda in Node: median ${ms(median(node))}, p95 ${ms(p95(node))}; browser refit / Node = ${(median(compute) / median(node)).toFixed(2)}`,
  );

  // Slice viewer.
  await rl.writeDemoCohort({ out: scratch, cases: 4, workers: 1 });
  const [first] = rl.readManifest(join(scratch, "manifest.csv")).cases;
  const image = await rl.readVolume(first.image);
  const mask = await rl.readMask(first.mask, { image, label: first.label });
  const viewer = rl.sliceViewer(image, mask).payload;
  const preview = rl.roiSliceFigure(rl.largestRoiSlice(image, mask));
  const firstDraws = [];
  const plotlyDraws = [];
  let frames = [];
  for (let run = 0; run < 3; run++) {
    firstDraws.push(
      await page.evaluate(
        async ({ mime, data }) => {
          globalThis.__radlabWidget?.dispose();
          const host = document.getElementById("host");
          host.replaceChildren();
          const t = performance.now();
          const w = await globalThis.radlabWidgets.render(mime, data, host);
          await w.ready;
          w.nv.gl.finish();
          globalThis.__radlabWidget = w;
          return performance.now() - t;
        },
        { mime: rl.SLICE_VIEWER_MIME, data: viewer },
      ),
    );
  }
  frames = await page.evaluate(async () => {
    const w = globalThis.__radlabWidget;
    const canvas = document.querySelector("canvas.radlab-slice-canvas");
    const r = canvas.getBoundingClientRect();
    const times = [];
    for (let k = 0; k < 30; k++) {
      const t = performance.now();
      canvas.dispatchEvent(
        new WheelEvent("wheel", {
          deltaY: k % 10 < 5 ? 100 : -100,
          clientX: r.left + r.width / 2,
          clientY: r.top + r.height / 2,
          bubbles: true,
          cancelable: true,
        }),
      );
      w.nv.gl.finish();
      times.push(performance.now() - t);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return times;
  });
  for (let run = 0; run < 3; run++) {
    plotlyDraws.push(
      await page.evaluate(async (figure) => {
        globalThis.__radlabWidget?.dispose();
        globalThis.__radlabWidget = undefined;
        const host = document.getElementById("host");
        host.replaceChildren();
        const div = document.createElement("div");
        host.append(div);
        const t = performance.now();
        await globalThis.Plotly.newPlot(div, figure.data, figure.layout);
        return performance.now() - t;
      }, preview),
    );
  }
  console.log(
    `slice viewer (demo case ${first.id}, box ${viewer.boxSize.join("×")} of ${viewer.volumeSize.join("×")}, payload ${(viewer.payloadBytes / 1024).toFixed(0)} kB):`,
  );
  console.log(`  render call → first drawn slice: median ${ms(median(firstDraws))} of 3 (${firstDraws.map(ms).join(", ")})`);
  console.log(`  wheel step → slice drawn: median ${ms(median(frames))}, p95 ${ms(p95(frames))} over 30 steps`);
  console.log(
    `  baseline, plotly.js drawing the static preview of the largest slice: median ${ms(median(plotlyDraws))}; NiiVue first draw / plotly = ${(median(firstDraws) / median(plotlyDraws)).toFixed(2)}`,
  );
  if (errors.length) console.log(`page errors: ${errors.join("; ")}`);
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
