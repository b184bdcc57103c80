/**
 * The widget emitters (display/slice-viewer.ts, lambda-explorer.ts, feature-table.ts): every
 * payload validates against its JSON Schema in widgets/schemas, hostile names (`<script>`,
 * quotes, `&`) stay data in the payload and come out escaped in every fallback, and the λ
 * explorer's in-browser model (stats/lambda-model.ts) reproduces runStudy at its chosen λ
 * exactly (toBe, not a tolerance: the same code on the same numbers).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as aq from "arquero";
import { PNG } from "pngjs";
import { beforeEach, describe, expect, it } from "vitest";
import { featureTable } from "../src/display/feature-table.js";
import { lambdaExplorer } from "../src/display/lambda-explorer.js";
import { cohortProgress, extractCohort, formatDuration } from "../src/display/progress.js";
import { resetNotebookState, show } from "../src/display/show.js";
import { sliceViewer } from "../src/display/slice-viewer.js";
import { type DisplayMessage, inNotebook, type TslabJupyter } from "../src/display/tslab.js";
import { FEATURE_TABLE_MIME, LAMBDA_EXPLORER_MIME, SLICE_VIEWER_MIME } from "../src/display/widget-payloads.js";
import type { CohortProgress } from "../src/features/cohort.js";
import { axialSliceDiameters } from "../src/features/diameters.js";
import { type LambdaModelInput, lassoAtLambda, modelAtLambda, refitAtLambda } from "../src/stats/lambda-model.js";
import { seededRandom } from "../src/stats/random.js";
import { runStudy } from "../src/stats/study.js";
import { parseStudyTable } from "../src/stats/table.js";
import type { Mask, Vec3, Volume } from "../src/types.js";
import { REPO_ROOT } from "./reference.js";

const HOSTILE = `<script>alert("x")</script> & "quoted"`;

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const schema = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, "widgets", "schemas", `${name}.schema.json`), "utf8"));
const validators = {
  [SLICE_VIEWER_MIME]: ajv.compile(schema("slice-viewer")),
  [LAMBDA_EXPLORER_MIME]: ajv.compile(schema("lambda-explorer")),
  [FEATURE_TABLE_MIME]: ajv.compile(schema("feature-table")),
};

/** Fails with ajv's messages when the payload does not match its schema. */
function expectValid(mime: keyof typeof validators, payload: unknown): void {
  const validate = validators[mime];
  const ok = validate(JSON.parse(JSON.stringify(payload)));
  expect(ok ? [] : validate.errors).toEqual([]);
}

/** The fallback must not contain the hostile text raw, only escaped. */
function expectEscaped(html: string): void {
  expect(html).not.toContain("<script>alert");
  expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot;");
}

/** A 48×40×12 volume (1.5 × 1.5 × 4 mm) with an ellipsoid ROI of known extent. */
function phantom(): { image: Volume; mask: Mask } {
  const size: Vec3 = [48, 40, 12];
  const n = size[0] * size[1] * size[2];
  const data = new Int16Array(n);
  const m = new Uint8Array(n);
  const random = seededRandom(7);
  let count = 0;
  for (let k = 0, v = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++, v++) {
        const inside = ((i - 24) / 8) ** 2 + ((j - 20) / 5) ** 2 + ((k - 6) / 3) ** 2 <= 1;
        data[v] = Math.round((inside ? 400 : 150) + 40 * random.uniform());
        m[v] = inside ? 1 : 0;
        count += m[v];
      }
  const grid = { size, spacing: [1.5, 1.5, 4] as Vec3, origin: [-30, -20, 10] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  return {
    image: { ...grid, data, source: `/data/${HOSTILE}.nii.gz`, componentType: "int16" },
    mask: { ...grid, data: m, source: `/data/${HOSTILE}_mask.nii.gz`, label: 1, voxelCount: count },
  };
}

/** A recorder standing in for tslab's display writer. */
function recorder(): TslabJupyter & { sent: (DisplayMessage & { update: boolean })[] } {
  const sent: (DisplayMessage & { update: boolean })[] = [];
  return { sent, lastWriteDisplayData: (message, update) => void sent.push({ ...message, update }) };
}

beforeEach(() => resetNotebookState());

describe("slice viewer payload", () => {
  const { image, mask } = phantom();

  it("sends the ROI's box plus the margin as NIfTI, valid against its schema, and states its size", () => {
    const widget = sliceViewer(image, mask, { margin: 3, caseId: HOSTILE });
    const p = widget.payload;
    expectValid(SLICE_VIEWER_MIME, p);
    // ROI spans i 16..32, j 15..25, k 3..9; plus 3 voxels, clamped to the grid.
    expect(p.box).toEqual({ min: [13, 12, 0], max: [35, 28, 11], margin: 3, wholeVolume: false });
    expect(p.boxSize).toEqual([23, 17, 12]);
    const nifti = gunzipSync(Buffer.from(p.image.base64, "base64"));
    expect(nifti.readInt16LE(42)).toBe(23); // dim[1]
    expect(nifti.readInt16LE(44)).toBe(17);
    expect(nifti.length).toBe(352 + 23 * 17 * 12 * 2);
    expect(p.roi.voxels).toBe(mask.voxelCount);
    expect(p.payloadBytes).toBe(Buffer.byteLength(JSON.stringify(p)));
    const bundle = widget.bundle();
    expect(Object.keys(bundle)).toEqual([SLICE_VIEWER_MIME, "text/html", "text/plain"]);
    expect(bundle["text/plain"]).toContain(`payload ${(p.payloadBytes / 1024).toFixed(1)} kB`);
    expect(bundle["text/html"]).toMatch(/<img src="data:image\/png;base64,iVBORw0KGgo/);
    expect(p.caseId).toBe(HOSTILE);
    expectEscaped(bundle["text/html"] as string);
  });

  it("sends the whole volume only when asked", () => {
    const p = sliceViewer(image, mask, { wholeVolume: true }).payload;
    expect(p.boxSize).toEqual(image.size);
    expect(p.box.wholeVolume).toBe(true);
    expectValid(SLICE_VIEWER_MIME, p);
  });

  it("finds the largest ROI slice and the per-slice maximum 2D diameter between voxel centres", () => {
    const p = sliceViewer(image, mask, { margin: 0 }).payload;
    const largest = p.roi.sliceDiameters.reduce((a, b) => (b.voxels > a.voxels ? b : a));
    expect(p.roi.largestSlice).toBe(largest.slice);
    // Middle slice: i 16..32 at j = 20 → 16 voxels × 1.5 mm.
    expect(largest.maxDiameterMm).toBeCloseTo(24, 12);
  });

  it("axialSliceDiameters: a 5 × 3 rectangle's diagonal; an L shape's far corners", () => {
    const size: Vec3 = [6, 4, 2];
    const m = new Uint8Array(48);
    for (let j = 0; j < 3; j++) for (let i = 0; i < 5; i++) m[i + 6 * j] = 1;
    m[24 + 0] = 1; // slice 1: (0,0) and (5,3) and (0,3)
    m[24 + 5 + 18] = 1;
    m[24 + 18] = 1;
    const d = axialSliceDiameters(m, size, [0.5, 2, 3]);
    expect(d).toEqual([
      { slice: 0, voxels: 15, maxDiameterMm: Math.hypot(4 * 0.5, 2 * 2) },
      { slice: 1, voxels: 3, maxDiameterMm: Math.hypot(5 * 0.5, 3 * 2) },
    ]);
  });

  it("draws every ROI of an RTSTRUCT in its colour: masks over a box holding them all, names escaped, undrawn ROIs with their reason", () => {
    // A second ROI apart from the ellipsoid (i 38..41, j 4..6, k 1..2), without a colour of its own.
    const node = new Uint8Array(mask.data.length);
    const [nx, ny] = image.size;
    for (let k = 1; k <= 2; k++) for (let j = 4; j <= 6; j++) for (let i = 38; i <= 41; i++) node[i + nx * (j + ny * k)] = 1;
    const source = "/data/RS.dcm";
    const rois = [
      { roi: { number: 1, name: HOSTILE, color: [255, 0, 0] as [number, number, number] }, mask: { ...mask, source } },
      { roi: { number: 2, name: "GTVn" }, mask: { ...mask, source, data: node, voxelCount: 24 } },
      {
        roi: { number: 5, name: "Marker", color: [255, 0, 255] as [number, number, number] },
        error: `${source}: ROI 5 "Marker" is empty: it has no closed contour`,
      },
    ];
    const widget = sliceViewer(image, rois, { margin: 1 });
    const p = widget.payload;
    expectValid(SLICE_VIEWER_MIME, p);
    // The box holds both ROIs (ellipsoid i 16..32, j 15..25, k 3..9; node i 38..41, j 4..6, k 1..2) plus 1.
    expect(p.box).toEqual({ min: [15, 3, 0], max: [42, 26, 10], margin: 1, wholeVolume: false });
    expect(p.rois?.map((r) => [r.number, r.name, r.color, r.colorSource, r.voxels, r.note ?? null])).toEqual([
      [1, HOSTILE, [255, 0, 0], "file", mask.voxelCount, null],
      [2, "GTVn", [255, 127, 14], "palette", 24, null],
      [5, "Marker", [255, 0, 255], "file", 0, "is empty: it has no closed contour"],
    ]);
    expect(p.rois?.[2].mask).toBeUndefined();
    // Each ROI's mask is its own voxels over the box (NIfTI-1 uint8 after the 352-byte header).
    const [bx, by] = p.boxSize;
    const nodeBox = gunzipSync(Buffer.from(p.rois?.[1].mask?.base64 ?? "", "base64")).subarray(352);
    expect(nodeBox.reduce((a, b) => a + b, 0)).toBe(24);
    expect(nodeBox[38 - 15 + bx * (4 - 3 + by * (1 - 0))]).toBe(1);
    // The first drawn ROI is the one measured, unless another is chosen.
    expect(p.roi.voxels).toBe(mask.voxelCount);
    expect(sliceViewer(image, rois, { roi: "gtvn" }).payload.roi.voxels).toBe(24);
    expect(() => sliceViewer(image, rois, { roi: "Marker" })).toThrow(
      `sliceViewer: no drawn ROI "Marker"; the ROIs are: 1 ${HOSTILE}, 2 GTVn, 5 Marker (not drawn)`,
    );
    expect(() => sliceViewer(image, [rois[2]])).toThrow("sliceViewer: none of the 1 ROI(s) has a voxel on the image: 5 Marker (not drawn)");
    const html = widget.bundle()["text/html"] as string;
    expectEscaped(html);
    // The fallback montage outlines each ROI in its colour.
    const montage = PNG.sync.read(Buffer.from(/src="data:image\/png;base64,([^"]+)"/.exec(html)?.[1] ?? "", "base64"));
    const pixels = (rgb: number[]) => {
      let count = 0;
      for (let n = 0; n < montage.data.length; n += 4) if (rgb.every((c, d) => montage.data[n + d] === c)) count++;
      return count;
    };
    expect(pixels([255, 0, 0])).toBeGreaterThan(50);
    expect(pixels([255, 127, 14])).toBeGreaterThan(10);
    expect(html).toContain('background:rgb(255,127,14)"></span>GTVn <span style="color:#555">(24 voxels)</span>');
    expect(html).toContain('Marker <span style="color:#555">(not drawn: is empty: it has no closed contour)</span>');
    expect(widget.bundle()["text/plain"]).toContain("GTVn 24 voxels, Marker not drawn (is empty: it has no closed contour)");
  });

  it("show() sends one display_data with the widget's bundle", () => {
    const jupyter = recorder();
    show(sliceViewer(image, mask), { jupyter });
    expect(jupyter.sent).toHaveLength(1);
    expect(Object.keys(jupyter.sent[0].data)).toEqual([SLICE_VIEWER_MIME, "text/html", "text/plain"]);
  });
});

/** 90 patients (60 training / 30 validation), 12 features, 3 of them informative; hostile names and ids. */
function studyCsv(): string {
  const random = seededRandom(11);
  // Box–Muller from the seeded stream.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.uniform())) * Math.cos(2 * Math.PI * random.uniform());
  const names = Array.from({ length: 12 }, (_, f) => (f === 0 ? `f0${HOSTILE}`.replace(/"/g, "'") : `f${f}`));
  // A CSV cell with quotes needs them doubled; keep one quoted header to exercise it.
  const header = ["id", "set", "outcome", "foldid", ...names.map((n, f) => (f === 1 ? `"f1 ""a&b"""` : n.includes(",") ? `"${n}"` : n))];
  const lines = [header.join(",")];
  for (let i = 0; i < 90; i++) {
    const y = random.uniform() < 0.45 ? 1 : 0;
    const training = i < 60;
    const values = names.map((_, f) => (f < 3 ? y * (1.2 - 0.3 * f) : 0) + gaussian());
    lines.push([`<b>p${i}</b>&`, training ? "training" : "validation", y, training ? (i % 5) + 1 : "", ...values.map((v) => v.toFixed(6))].join(","));
  }
  return lines.join("\n");
}

describe("λ explorer payload and the model at each λ", () => {
  const table = parseStudyTable(studyCsv(), { outcome: "outcome", split: "set", foldid: "foldid" }, `study${HOSTILE}.csv`);
  const result = runStudy(table, { lambda: "min", bootstrapB: 0 });
  const widget = lambdaExplorer(result, { studyTable: table });
  const p = widget.payload;
  const input = (): LambdaModelInput => ({
    features: p.features,
    a0: p.a0,
    beta: p.beta,
    training: p.refit!.training,
    validation: p.refit!.validation,
  });

  it("is valid against its schema, with the path, the CV curve and the z columns of the path's features", () => {
    expectValid(LAMBDA_EXPLORER_MIME, p);
    expect(p.lambda).toEqual(result.lasso.lambda);
    expect(p.indexMin).toBe(result.lasso.indexMin - 1);
    expect(p.features.length).toBe(Object.keys(result.lasso.path.beta).length);
    expect(p.refit?.training.ids).toEqual(result.patients.filter((q) => q.set === "training").map((q) => q.id));
    expect(p.refit?.training.z[0]).toHaveLength(60);
    expect(p.refit?.validation?.z[0]).toHaveLength(30);
  });

  it("reproduces runStudy's selection, logistic coefficients and AUCs at λ.min exactly", () => {
    const model = modelAtLambda(input(), p.indexMin);
    expect(result.lasso.selected.length).toBeGreaterThan(1);
    expect(result.lasso.selected).toContain('f1 "a&b"');
    expect(model.selected.map((f) => p.features[f])).toEqual(result.lasso.selected);
    expect(model.logistic?.coefficients.map((c) => c.estimate)).toEqual(
      result.logistic && result.logistic.coefficients.length > 1 ? result.logistic.coefficients.map((c) => c.estimate) : undefined,
    );
    expect(model.rocLogistic?.training?.auc).toBe(result.roc.training.auc);
    expect(model.rocLogistic?.training?.aucCi.low).toBe(result.roc.training.ciLow);
    expect(model.rocLogistic?.validation?.auc).toBe(result.roc.validation?.auc);
    expect(model.rocLogistic?.validation?.aucCi.high).toBe(result.roc.validation?.ciHigh);
  });

  it("gives no refit where no feature is selected (λ_max) and says why", () => {
    const model = modelAtLambda(input(), 0);
    expect(model.selected).toEqual([]);
    expect(model.logistic).toBeNull();
    expect(model.logisticError).toMatch(/no feature/);
    expect(model.rocLasso.training?.auc).toBe(0.5);
  });

  it("splits into the LASSO's part (what a slider step shows at once) and the refit (after the frame), together modelAtLambda", () => {
    const l = Math.min(p.indexMin + 2, p.lambda.length - 1);
    const lasso = lassoAtLambda(input(), l);
    expect(lasso.selected.map((f) => p.features[f])).toEqual(p.features.filter((_, f) => p.beta[f][l] !== 0));
    expect({ ...lasso, ...refitAtLambda(input(), lasso) }).toEqual(modelAtLambda(input(), l));
    expect(() => lassoAtLambda(input(), p.lambda.length)).toThrow(/outside 0\.\./);
  });

  it("runStudy takes a λ value (what 'Use this λ' writes) and gives the explorer's numbers at it", () => {
    const l = Math.min(p.indexMin + 3, p.lambda.length - 1);
    const atValue = runStudy(table, { lambda: p.lambda[l], bootstrapB: 0 });
    const model = modelAtLambda(input(), l);
    expect(atValue.settings.lambda).toBe(p.lambda[l]);
    expect(atValue.lasso.selected).toEqual(model.selected.map((f) => p.features[f]));
    expect(atValue.roc.training.auc).toBe(model.rocLogistic?.training?.auc);
    expect(() => runStudy(table, { lambda: -1 })).toThrow(/positive number/);
  });

  it("escapes the hostile feature names, ids and file name in its fallback; keeps them as data", () => {
    const html = widget.bundle()["text/html"] as string;
    expect(p.source).toContain("<script>");
    expect(html).not.toMatch(/<script>alert/);
    expect(html).toContain("&lt;script&gt;alert(");
    expect(p.refit?.training.ids[0]).toMatch(/^<b>p\d+<\/b>&$/);
  });

  it("refuses a table that is not the study's", () => {
    const other = parseStudyTable(
      studyCsv().replace(/\n(\S+?),training,/, "\nX$1,training,"),
      { outcome: "outcome", split: "set", foldid: "foldid" },
      "other.csv",
    );
    expect(() => lambdaExplorer(result, { studyTable: other })).toThrow(/has no row/);
  });

  it("without the study table: the path only, refit null, still valid", () => {
    const alone = lambdaExplorer(result).payload;
    expect(alone.refit).toBeNull();
    expectValid(LAMBDA_EXPLORER_MIME, alone);
  });
});

describe("feature table payload", () => {
  const table = aq.table({
    id: [HOSTILE, "p2", "p3", "p4"],
    stat_StdDeviation: [1.5, 2.5, Number.NaN, 4],
    glcm_Inertia_angle135_offset4: [0.1, 0.2, 0.3, 0.4],
    shape_VolumeMM: [1000, 2000, 1500, 1200],
    set: ["training", "training", "validation", "validation"],
    outcome: [1, 0, 1, 0],
    [HOSTILE]: ["a", "b", "<i>c</i>", null],
  });

  it("is valid, with families, aliases, short names and units; NaN as null; other columns as extra", () => {
    const widget = featureTable(table, { source: `${HOSTILE}.csv` });
    const p = widget.payload;
    expectValid(FEATURE_TABLE_MIME, p);
    expect(p.columns.map((c) => c.name)).toEqual(["stat_StdDeviation", "glcm_Inertia_angle135_offset4", "shape_VolumeMM"]);
    const inertia = p.columns[1];
    expect([inertia.family, inertia.alias, inertia.shortName, inertia.unit]).toEqual(["glcm", "Inertia Angle 135 Offset 4", "Inertia_angle135_offset4", null]);
    expect(p.columns[2].unit).toBe("mm³");
    expect(p.columns[0].values).toEqual([1.5, 2.5, null, 4]);
    expect(p.families).toEqual([
      { family: "stat", count: 1 },
      { family: "glcm", count: 1 },
      { family: "shape", count: 1 },
    ]);
    expect(p.outcome?.values).toEqual([1, 0, 1, 0]);
    expect(p.set?.values).toEqual(["training", "training", "validation", "validation"]);
    expect(p.extra.map((e) => e.name)).toEqual([HOSTILE]);
    expect(p.ids[0]).toBe(HOSTILE);
    const html = widget.bundle()["text/html"] as string;
    expectEscaped(html);
    expect(html).not.toContain("<i>c</i>");
  });

  it("names a missing role column", () => {
    expect(() => featureTable(table, { outcome: "response" })).toThrow(/no outcome column "response"/);
  });
});

describe("cohort progress in a notebook", () => {
  const step = (done: number, extra: Partial<CohortProgress> = {}): CohortProgress => ({ done, total: 10, failed: 0, cached: 0, id: `P${done}`, ...extra });

  it("one output updated in place, at most every 250 ms, with failures and time left, then a summary line", () => {
    const jupyter = recorder();
    let t = 0;
    const onProgress = cohortProgress({ jupyter, now: () => t })!;
    t = 1000;
    onProgress(step(1));
    t = 1100;
    onProgress(step(2)); // within 250 ms of the last update: skipped
    t = 2000;
    onProgress(step(4, { failed: 1, id: HOSTILE }));
    t = 5000;
    onProgress(step(10, { failed: 1, cached: 2 }));
    expect(jupyter.sent.map((m) => m.data["text/plain"])).toEqual([
      "radlab extract [##..................] cases 1/10 · about 9 s left (last: P1)",
      `radlab extract [########............] cases 4/10 · 1 failed · about 3 s left (last: ${HOSTILE})`,
      "radlab extract [####################] done: 10 cases in 5 s · 1 failed · 2 from cache",
    ]);
    const ids = new Set(jupyter.sent.map((m) => m.transient.display_id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^radlab-progress-\d+-\d+$/);
    expect(jupyter.sent.map((m) => m.update)).toEqual([false, true, true]);
    expectEscaped(jupyter.sent[1].data["text/html"] as string);
  });

  it("formats durations for reading", () => {
    expect([formatDuration(12_400), formatDuration(185_000), formatDuration(3_725_000)]).toEqual(["12 s", "3 min 05 s", "1 h 02 min"]);
  });
});

describe("rl.extractCohort in a notebook", () => {
  const manifest = {
    source: "/nowhere/manifest.csv",
    clinicalColumns: [],
    cases: ["A", "B"].map((id, line) => ({ id, image: `/nowhere/${id}.nii.gz`, mask: `/nowhere/${id}_mask.nii.gz`, clinical: {}, line: line + 2 })),
  };
  const tslab = createRequire(import.meta.url)("tslab/dist/jupyter") as TslabJupyter;

  it("shows progress in the running cell when no onProgress is given; never outside a cell", async () => {
    const sent: DisplayMessage[] = [];
    expect(inNotebook()).toBe(false);
    await extractCohort(manifest);
    tslab.lastWriteDisplayData = (message) => void sent.push(message);
    try {
      expect(inNotebook()).toBe(true);
      const extraction = await extractCohort(manifest);
      expect(extraction.failures.map((f) => f.id)).toEqual(["A", "B"]);
    } finally {
      tslab.lastWriteDisplayData = null;
    }
    expect(sent.at(-1)?.data["text/plain"]).toMatch(/^radlab extract \[#+\] done: 2 cases in \d+ s · 2 failed$/);
  });
});
