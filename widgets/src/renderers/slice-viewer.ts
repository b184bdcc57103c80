/**
 * The slice viewer: the image and its ROI mask (the ROI's box, as kernel-lib's sliceViewer
 * sends it) in NiiVue, the field's WebGL2 viewer. Axial / coronal / sagittal / multiplanar,
 * wheel or slider through slices, window/level (sliders, or right-drag), the mask as a
 * translucent fill with an outline and an opacity slider, zoom and pan, voxel value and
 * physical position under the pointer, a jump to the ROI's largest slice, and a ruler (drag
 * with the ruler on) beside the ROI's own maximum 2D diameter of the current slice.
 *
 * A payload with every ROI of an RTSTRUCT or DICOM-SEG (`rois`) draws each ROI as its own
 * NiiVue label volume in the ROI's colour (a one-entry label lookup table, so the outline
 * switch works as for an atlas), with a legend: colour, name, voxel count and a checkbox that
 * shows or hides that ROI; ROIs that are not drawn are listed with the reason.
 *
 * Positions are shown in LPS millimetres, radlab's (and ITK's) convention; NiiVue works in
 * RAS, so x and y are negated for display. Voxel indices are those of the whole volume
 * (the box's offset added back).
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { DRAG_MODE, Niivue, NVImage, SLICE_TYPE } from "@niivue/niivue";
import { SLICE_VIEWER_MIME, type SliceViewerPayload, type SliceViewerRoi } from "@radlab/kernel-lib/browser";
import { button, el, formatNumber, slider } from "./dom.js";
import { ensureStyle } from "./style.js";
import { validPayload } from "./validate.js";

/** The views a user can pick, in button order. */
const VIEWS: [string, SLICE_TYPE][] = [
  ["Axial", SLICE_TYPE.AXIAL],
  ["Coronal", SLICE_TYPE.CORONAL],
  ["Sagittal", SLICE_TYPE.SAGITTAL],
  ["Multiplanar", SLICE_TYPE.MULTIPLANAR],
];

/** What a left-drag does. */
const DRAG_TOOLS: [string, DRAG_MODE][] = [
  ["Crosshair", DRAG_MODE.crosshair],
  ["Window/level", DRAG_MODE.contrast],
  ["Pan", DRAG_MODE.pan],
  ["Ruler (mm)", DRAG_MODE.measurement],
];

const CANVAS_HEIGHT = 420;
const MASK_OPACITY = 0.3;
/** NIfTI intent code of a label image: NiiVue outlines such volumes when the atlas outline is on. */
const NIFTI_INTENT_LABEL = 1002;

function base64Bytes(base64: string): ArrayBuffer {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let n = 0; n < binary.length; n++) bytes[n] = binary.charCodeAt(n);
  return bytes.buffer;
}

/** A MIME renderer of application/vnd.radlab.slice-viewer.v1+json. */
export class SliceViewerRenderer extends Widget implements IRenderMime.IRenderer {
  private payload: SliceViewerPayload | null = null;
  private nv: Niivue | null = null;
  private started = false;
  private readonly canvas = el("canvas", { className: "radlab-slice-canvas" });
  /** NiiVue sizes its canvas to the parent: a box of its own, so it never covers the controls. */
  private readonly canvasBox = el(
    "div",
    { className: "radlab-slice-canvas-box", style: { position: "relative", width: "100%", height: `${CANVAS_HEIGHT}px`, background: "#000" } },
    [this.canvas],
  );
  private readonly pointer = el("div", { className: "radlab-slice-pointer", text: "Move the pointer over the image for voxel value and position." });
  private readonly sliceLabel = el("span", { className: "radlab-slice-index" });
  private readonly diameterLabel = el("div", { className: "radlab-slice-diameter" });
  private readonly measureLabel = el("span", { className: "radlab-slice-measure" });
  private sliceSlider: HTMLInputElement | null = null;
  /** The drawn ROIs with their NiiVue volumes, in payload order, and which are hidden. */
  private overlays: { roi: SliceViewerRoi; volume: NVImage }[] = [];
  private readonly hidden = new Set<number>();
  private maskOpacity = MASK_OPACITY;
  private readonly onPointerMove = (event: PointerEvent) => this.showPointer(event);
  /** Resolves when the first slice has been drawn (for tests and the benchmark). */
  readonly ready: Promise<void>;
  private resolveReady: () => void = () => {};

  constructor(_options?: IRenderMime.IRendererOptions) {
    super();
    this.addClass("radlab-slice-viewer");
    ensureStyle();
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const payload = validPayload<SliceViewerPayload>(this.node, model, SLICE_VIEWER_MIME, "slice viewer");
    if (!payload) {
      this.resolveReady();
      return;
    }
    this.payload = payload;
    this.node.append(this.controls(this.payload), this.canvasBox, this.pointer, this.diameterLabel);
    if (this.payload.rois) this.node.append(this.legend(this.payload.rois));
    this.node.append(this.summary(this.payload));
    if (this.isAttached) await this.start();
  }

  protected override onAfterAttach(): void {
    if (this.payload && !this.started) void this.start();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.canvas.removeEventListener("pointermove", this.onPointerMove);
    const gl = this.nv?.gl as WebGL2RenderingContext | undefined;
    try {
      this.nv?.cleanup();
    } catch {
      // NiiVue's cleanup may throw on a context that never finished loading; the context is released below.
    }
    gl?.getExtension("WEBGL_lose_context")?.loseContext();
    this.nv = null;
    this.node.replaceChildren();
    super.dispose();
  }

  /** Loads both volumes into NiiVue and draws the largest ROI slice. */
  private async start(): Promise<void> {
    const p = this.payload;
    if (!p || this.started) return;
    this.started = true;
    const nv = new Niivue({
      backColor: [0, 0, 0, 1],
      crosshairColor: [0.2, 0.8, 1, 0.5],
      show3Dcrosshair: false,
      dragAndDropEnabled: false,
      isResizeCanvas: true,
      textHeight: 0.035,
    });
    this.nv = nv;
    await nv.attachToCanvas(this.canvas);
    const image = await NVImage.loadFromUrl({
      url: p.image.name,
      buffer: base64Bytes(p.image.base64),
      colormap: "gray",
      cal_min: p.window.min,
      cal_max: p.window.max,
      trustCalMinMax: true,
    });
    nv.addVolume(image);
    if (p.rois) {
      for (const roi of p.rois) if (roi.mask) this.overlays.push({ roi, volume: await roiVolume(roi) });
      for (const { volume } of this.overlays) nv.addVolume(volume);
    } else {
      nv.addVolume(
        await NVImage.loadFromUrl({ url: p.mask.name, buffer: base64Bytes(p.mask.base64), colormap: "red", opacity: MASK_OPACITY, cal_min: 0, cal_max: 1 }),
      );
    }
    nv.setAtlasOutline(1);
    nv.setSliceType(SLICE_TYPE.AXIAL);
    nv.setMouseEventConfig({ leftButton: { primary: DRAG_MODE.crosshair }, rightButton: DRAG_MODE.contrast, centerButton: DRAG_MODE.pan });
    nv.onLocationChange = () => this.showSlice();
    nv.onMeasurementCompleted = (m) => {
      this.measureLabel.textContent = `ruler: ${formatNumber((m as { distance?: number }).distance ?? Number.NaN)} mm`;
    };
    this.canvas.addEventListener("pointermove", this.onPointerMove);
    this.goToSlice(p.roi.largestSlice);
    this.resolveReady();
  }

  /** The toolbar: view, slice, window, mask, tools. */
  private controls(p: SliceViewerPayload): HTMLElement {
    const views = el(
      "span",
      { className: "radlab-slice-views" },
      VIEWS.map(([name, type]) => button(name, () => this.nv?.setSliceType(type), { className: `radlab-view-${name.toLowerCase()}` })),
    );
    const slice = slider("Slice", 0, p.boxSize[2] - 1, 1, p.roi.largestSlice, (k) => this.goToSlice(k), "radlab-slice-slider");
    this.sliceSlider = slice.input;
    const span = p.window.max - p.window.min;
    let level = (p.window.max + p.window.min) / 2;
    let width = span;
    const setWindow = () => {
      const v = this.nv?.volumes[0];
      if (!v) return;
      v.cal_min = level - width / 2;
      v.cal_max = level + width / 2;
      this.nv?.updateGLVolume();
    };
    const levelSlider = slider("Level", p.window.min - span, p.window.max + span, span / 200, level, (v) => {
      level = v;
      setWindow();
    });
    const widthSlider = slider("Width", span / 50, span * 4, span / 200, width, (v) => {
      width = v;
      setWindow();
    });
    const opacity = slider("Mask opacity", 0, 1, 0.05, MASK_OPACITY, (v) => {
      this.maskOpacity = v;
      this.applyOpacity();
    });
    const outline = el("input", { attrs: { type: "checkbox", checked: "" } });
    outline.addEventListener("change", () => this.nv?.setAtlasOutline(outline.checked ? 1 : 0));
    const tool = el(
      "select",
      { className: "radlab-slice-tool", title: "What a left-drag does (right-drag: window/level; middle-drag: pan and zoom)" },
      DRAG_TOOLS.map(([name, mode]) => el("option", { text: name, attrs: { value: String(mode) } })),
    );
    tool.addEventListener("change", () => {
      this.nv?.setMouseEventConfig({ leftButton: { primary: Number(tool.value) as DRAG_MODE }, rightButton: DRAG_MODE.contrast, centerButton: DRAG_MODE.pan });
    });
    const zoom = (factor: number) => {
      const nv = this.nv;
      if (!nv) return;
      const [x, y, z, scale] = nv.scene.pan2Dxyzmm;
      nv.setPan2Dxyzmm([x, y, z, Math.min(8, Math.max(0.5, scale * factor))]);
    };
    return el(
      "div",
      {
        className: "radlab-slice-controls",
        style: { display: "flex", flexWrap: "wrap", gap: "6px 12px", alignItems: "center", fontSize: "12px", padding: "4px 0" },
      },
      [
        views,
        slice.root,
        this.sliceLabel,
        button("Largest ROI slice", () => this.goToSlice(p.roi.largestSlice), { className: "radlab-largest-slice" }),
        levelSlider.root,
        widthSlider.root,
        opacity.root,
        el("label", {}, [outline, el("span", { text: " outline" })]),
        el("label", {}, [el("span", { text: "Drag: " }), tool]),
        button("Zoom +", () => zoom(1.25)),
        button("Zoom −", () => zoom(0.8)),
        button("Reset view", () => this.nv?.setPan2Dxyzmm([0, 0, 0, 1])),
        this.measureLabel,
      ],
    );
  }

  /** Every overlay at the mask opacity. */
  private applyOpacity(): void {
    const nv = this.nv;
    if (!nv) return;
    for (const volume of nv.volumes.slice(1)) volume.opacity = this.maskOpacity;
    nv.updateGLVolume();
  }

  /**
   * Shows the ROIs not hidden, in payload order. A hidden ROI leaves NiiVue's volumes: at
   * opacity 0 a label volume would still draw its outline (NiiVue gives the outline its own alpha).
   */
  private showRois(): void {
    const nv = this.nv;
    if (!nv) return;
    for (const { volume } of this.overlays) if (nv.volumes.includes(volume)) nv.removeVolume(volume);
    for (const { roi, volume } of this.overlays) if (!this.hidden.has(roi.number)) nv.addVolume(volume);
    this.applyOpacity();
  }

  /** The ROI legend: a checkbox, the colour and the name of each ROI (names as text: untrusted). */
  private legend(rois: SliceViewerRoi[]): HTMLElement {
    const entries = rois.map((roi) => {
      const box = el("input", { attrs: { type: "checkbox", ...(roi.mask ? { checked: "" } : { disabled: "" }) } });
      box.addEventListener("change", () => {
        if (box.checked) this.hidden.delete(roi.number);
        else this.hidden.add(roi.number);
        this.showRois();
      });
      const swatch = el("span", {
        style: { display: "inline-block", width: "10px", height: "10px", margin: "0 4px", background: `rgb(${roi.color.join(",")})`, border: "1px solid #888" },
      });
      const what = roi.mask ? `${roi.voxels} voxels` : `not drawn: ${roi.note ?? "no voxel on this image"}`;
      return el(
        "label",
        { className: "radlab-slice-roi", title: `ROI ${roi.number}`, attrs: { "data-roi": String(roi.number) }, style: { marginRight: "12px" } },
        [box, swatch, el("span", { className: "radlab-slice-roi-name", text: roi.name }), el("span", { text: ` (${what})`, style: { color: "#555" } })],
      );
    });
    return el("div", { className: "radlab-slice-legend", style: { display: "flex", flexWrap: "wrap", fontSize: "12px", padding: "2px 0" } }, entries);
  }

  /** Moves the crosshair to axial slice k of the box (centre of the ROI's in-plane extent otherwise unchanged). */
  private goToSlice(k: number): void {
    const nv = this.nv;
    const p = this.payload;
    if (!nv || !p) return;
    const [i, j] = [Math.floor(p.boxSize[0] / 2), Math.floor(p.boxSize[1] / 2)];
    const current = nv.frac2vox(nv.scene.crosshairPos as never);
    const frac = nv.vox2frac([current[0] ?? i, current[1] ?? j, k] as never);
    nv.scene.crosshairPos = frac as never;
    nv.drawScene();
    this.showSlice();
  }

  /** The current axial slice, and the ROI's maximum 2D diameter there. */
  private showSlice(): void {
    const nv = this.nv;
    const p = this.payload;
    if (!nv || !p) return;
    const vox = nv.frac2vox(nv.scene.crosshairPos as never);
    const k = Math.round(vox[2]);
    this.node.dataset.slice = String(k);
    this.sliceLabel.textContent = `axial slice ${p.box.min[2] + k} (box ${k + 1}/${p.boxSize[2]})`;
    if (this.sliceSlider) this.sliceSlider.value = String(k);
    const here = p.roi.sliceDiameters.find((d) => d.slice === k);
    const largest = p.roi.sliceDiameters.find((d) => d.slice === p.roi.largestSlice);
    this.diameterLabel.textContent =
      (here ? `ROI on this slice: ${here.voxels} voxels, maximum 2D diameter ${here.maxDiameterMm.toFixed(1)} mm` : "No ROI on this slice") +
      (largest ? `; largest ROI slice ${p.box.min[2] + largest.slice}: ${largest.maxDiameterMm.toFixed(1)} mm` : "");
  }

  /** Voxel value and LPS position under the pointer. */
  private showPointer(event: PointerEvent): void {
    const nv = this.nv;
    const p = this.payload;
    if (!nv || !p) return;
    const rect = this.canvas.getBoundingClientRect();
    const dpr = this.canvas.width / Math.max(1, rect.width);
    const frac = nv.canvasPos2frac([(event.clientX - rect.left) * dpr, (event.clientY - rect.top) * dpr]);
    if (!frac || frac[0] < 0) {
      this.pointer.textContent = "Pointer outside the image.";
      return;
    }
    const vox = nv.frac2vox(frac);
    const mm = nv.frac2mm(frac);
    const [i, j, k] = [0, 1, 2].map((d) => Math.round(vox[d]));
    const value = nv.volumes[0].getValue(i, j, k);
    const inside = p.rois
      ? this.overlays.filter(({ roi, volume }) => !this.hidden.has(roi.number) && volume.getValue(i, j, k) > 0).map(({ roi }) => roi.name)
      : nv.volumes[1]?.getValue(i, j, k) > 0
        ? ["ROI"]
        : [];
    const whole = [i + p.box.min[0], j + p.box.min[1], k + p.box.min[2]];
    const lps = [-mm[0], -mm[1], mm[2]].map((v) => v.toFixed(1));
    this.pointer.textContent = `voxel (${whole.join(", ")}) value ${formatNumber(value)}${inside.length > 0 ? ` (${inside.join(", ")})` : ""}; position (${lps.join(", ")}) mm LPS`;
    this.node.dataset.pointerValue = String(value);
  }

  /** Which case and files, box and payload size. */
  private summary(p: SliceViewerPayload): HTMLElement {
    const box = p.box.wholeVolume ? "whole volume" : `ROI box + ${p.box.margin} voxels`;
    const kb = (p.payloadBytes / 1024).toFixed(1);
    return el("div", {
      className: "radlab-slice-summary",
      style: { color: "#555", fontSize: "12px" },
      text: `${p.caseId}: ${p.imageSource} with mask ${p.maskSource}; ${box}, ${p.boxSize.join("×")} of ${p.volumeSize.join("×")} voxels at ${p.spacing.map((s) => s.toFixed(2)).join("×")} mm; ROI ${p.roi.voxels} voxels; payload ${kb} kB; radlab ${p.provenance.radlabVersion}`,
    });
  }
}

/** One ROI's mask as a NiiVue label volume: 0 transparent, 1 in the ROI's colour. */
async function roiVolume(roi: SliceViewerRoi): Promise<NVImage> {
  const mask = roi.mask as NonNullable<SliceViewerRoi["mask"]>;
  const volume = await NVImage.loadFromUrl({ url: mask.name, buffer: base64Bytes(mask.base64), opacity: MASK_OPACITY });
  if (volume.hdr) volume.hdr.intent_code = NIFTI_INTENT_LABEL;
  const [r, g, b] = roi.color;
  volume.setColormapLabel({ R: [0, r], G: [0, g], B: [0, b], A: [0, 255], I: [0, 1], labels: ["", roi.name] });
  return volume;
}

/** The slice viewer as a JupyterLab MIME extension. */
export const sliceViewerExtension: IRenderMime.IExtension = {
  id: "@radlab/widgets:slice-viewer",
  rendererFactory: {
    safe: true,
    mimeTypes: [SLICE_VIEWER_MIME],
    createRenderer: (options) => new SliceViewerRenderer(options),
  },
  rank: 0,
  dataType: "json",
};
