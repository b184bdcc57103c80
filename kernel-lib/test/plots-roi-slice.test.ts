import { describe, expect, it } from "vitest";
import { orientationCode } from "../src/io/grid.js";
import { extractSlice, type Slice } from "../src/io/roi.js";
import { largestRoiSlice, maskOutline, roiMontageFigure, roiSliceFigure, roiSlicePanels } from "../src/plots/roi-slice.js";
import type { Mask, Volume } from "../src/types.js";

// biome-ignore lint/suspicious/noExplicitAny: reading the spec as plotly does
type Any = any;

/** A 6 × 5 × 4 volume (value = i + 10 j + 100 k), 0.5 × 0.8 × 3 mm, with a 2 × 2 ROI on slices 1 and 2 (3 voxels on slice 2). */
function phantom(): { volume: Volume; mask: Mask } {
  const size: [number, number, number] = [6, 5, 4];
  const grid = {
    size,
    spacing: [0.5, 0.8, 3] as [number, number, number],
    origin: [0, 0, 0] as [number, number, number],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const data = new Float32Array(6 * 5 * 4);
  const m = new Uint8Array(data.length);
  for (let k = 0; k < 4; k++) for (let j = 0; j < 5; j++) for (let i = 0; i < 6; i++) data[i + 6 * (j + 5 * k)] = i + 10 * j + 100 * k;
  for (const [i, j, k] of [
    [2, 1, 1],
    [3, 1, 1],
    [2, 2, 1],
    [3, 2, 1],
    [2, 1, 2],
    [3, 1, 2],
    [2, 2, 2],
  ])
    m[i + 6 * (j + 5 * k)] = 1;
  return {
    volume: { ...grid, data, source: "phantom", componentType: "float32" },
    mask: { ...grid, data: m, source: "phantom-mask", label: 1, voxelCount: 7 },
  };
}

describe("ROI slice preview", () => {
  it("grey image in mm, translucent mask fill, outline; title with index and position", () => {
    const { volume, mask } = phantom();
    const panel = { image: extractSlice(volume, "axial", 1), mask: extractSlice(mask, "axial", 1) };
    const fig = roiSliceFigure(panel, { window: { min: 0, max: 200 } });
    expect(fig.data.map((t) => t.type)).toEqual(["heatmap", "heatmap", "scatter"]);
    const image = fig.data[0] as Any;
    expect(image).toMatchObject({ x0: 0, dx: 0.5, y0: 0, dy: 0.8, zmin: 0, zmax: 200 });
    expect(image.z).toHaveLength(5);
    expect(image.z[2][3]).toBe(3 + 20 + 100);
    expect(image.colorscale[0][1]).toBe("#000000"); // low intensity black
    const fill = fig.data[1] as Any;
    expect(fill.z[1][2]).toBe(1);
    expect(fill.z[0][0]).toBeNull();
    expect(fill.opacity).toBeGreaterThan(0);
    expect(fill.opacity).toBeLessThan(1);
    expect((fig.layout.title as Any).text).toBe("Axial slice 1 · 3.0 mm from the first slice");
    expect((fig.layout.xaxis as Any).title.text).toBe("x (mm)");
    expect((fig.layout.yaxis as Any).scaleanchor).toBe("x");
    expect((fig.layout.yaxis as Any).range[0]).toBeGreaterThan((fig.layout.yaxis as Any).range[1]); // rows top-down
  });

  it("the outline is the ROI's perimeter in mm", () => {
    const { mask } = phantom();
    const square = maskOutline(extractSlice(mask, "axial", 1));
    // A 2 × 2 block has 8 boundary edges; each is 2 points + a gap.
    expect(square.x.filter((v) => v === null)).toHaveLength(8);
    const xs = square.x.filter((v): v is number => v !== null);
    const ys = square.y.filter((v): v is number => v !== null);
    expect(Math.min(...xs)).toBeCloseTo(1.5 * 0.5, 12);
    expect(Math.max(...xs)).toBeCloseTo(3.5 * 0.5, 12);
    expect(Math.min(...ys)).toBeCloseTo(0.5 * 0.8, 12);
    expect(Math.max(...ys)).toBeCloseTo(2.5 * 0.8, 12);
    // An L of 3 pixels has 8 edges too (perimeter 8 pixel sides).
    expect(maskOutline(extractSlice(mask, "axial", 2)).x.filter((v) => v === null)).toHaveLength(8);
  });

  it("picks the slice with most ROI pixels; montage has one panel per ROI slice with full-volume indices", () => {
    const { volume, mask } = phantom();
    expect(largestRoiSlice(volume, mask).image.index).toBe(1);
    const panels = roiSlicePanels(volume, mask, { margin: 1 });
    expect(panels.map((p) => p.image.index)).toEqual([1, 2]);
    expect(panels[1].image.position).toBe(6);
    // Cropped to the ROI box (i 2..3, j 1..2) plus 1 voxel.
    expect([panels[0].image.width, panels[0].image.height]).toEqual([4, 4]);
    expect(panels[0].image.data[0]).toBe(1 + 10 * 0 + 100); // voxel (1, 0, 1)
    // The crop starts at voxel (1, 0): axes keep the volume's frame, so the outline sits where it did uncropped.
    expect(panels[0].offset).toEqual([0.5, 0]);
    const croppedFig = roiSliceFigure(panels[0]);
    expect(croppedFig.data[0]).toMatchObject({ x0: 0.5, y0: 0 });
    const outlineX = (croppedFig.data[2].x as (number | null)[]).filter((v): v is number => v !== null);
    expect(Math.min(...outlineX)).toBeCloseTo(1.5 * 0.5, 12);
    const fig = roiMontageFigure(panels, { window: { min: 0, max: 300 } });
    expect(fig.data).toHaveLength(6);
    expect(fig.data.map((t) => t.xaxis)).toEqual(["x", "x", "x", "x2", "x2", "x2"]);
    expect((fig.layout.annotations ?? []).map((a: Any) => a.text)).toContain("slice 2 · 6.0 mm");
  });

  it("a mask from another slice, an empty ROI or no slices are errors", () => {
    const { volume, mask } = phantom();
    expect(() => roiSliceFigure({ image: extractSlice(volume, "axial", 1), mask: extractSlice(mask, "axial", 2) })).toThrow(
      /mask slice \(axial 2.*is not the image slice \(axial 1/,
    );
    expect(() => roiMontageFigure([])).toThrow(/no slices/);
    const empty = { ...mask, data: new Uint8Array(mask.data.length), voxelCount: 0 };
    expect(() => largestRoiSlice(volume, empty)).toThrow(/ROI of phantom-mask is empty/);
    const bad: Slice = { ...extractSlice(volume, "axial", 0), data: new Float32Array(0) };
    expect(() => roiSliceFigure({ image: bad })).toThrow(/image slice is empty/);
  });
});

describe("ROI figures name the case and the patient directions (issue 13 item 13)", () => {
  const letters = (figure: Any, axis = "x") =>
    (figure.layout.annotations as Any[])
      .filter((a) => a.xref === `${axis} domain` && /^<b>[RLAPSI]<\/b>$/.test(a.text))
      .map((a) => `${a.text.slice(3, 4)}@${a.x},${a.y}`);

  it("an LPS axial slice: the case id in the title; R left, L right, A top, P bottom", () => {
    const { volume, mask } = phantom();
    const figure = roiSliceFigure(largestRoiSlice(volume, mask), { caseId: "NPC007", orientation: orientationCode(volume) });
    expect(orientationCode(volume)).toBe("LPS");
    expect(String(figure.layout.title && (figure.layout.title as Any).text)).toMatch(/^NPC007 · Axial slice 1 /);
    expect(letters(figure)).toEqual(["R@0.01,0.5", "L@0.99,0.5", "A@0.5,0.99", "P@0.5,0.01"]);
  });

  it("coronal and sagittal: S at the top; a flipped x axis (RAS-like direction) swaps R and L", () => {
    const { volume, mask } = phantom();
    const coronal = roiSliceFigure(largestRoiSlice(volume, mask, "coronal"), { orientation: "LPS" });
    expect(letters(coronal)).toEqual(["R@0.01,0.5", "L@0.99,0.5", "S@0.5,0.99", "I@0.5,0.01"]);
    const sagittal = roiSliceFigure(largestRoiSlice(volume, mask, "sagittal"), { orientation: "LPS" });
    expect(letters(sagittal)).toEqual(["A@0.01,0.5", "P@0.99,0.5", "S@0.5,0.99", "I@0.5,0.01"]);
    const flipped = { ...volume, direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1] };
    expect(orientationCode(flipped)).toBe("RPS");
    expect(letters(roiSliceFigure(largestRoiSlice(volume, mask), { orientation: orientationCode(flipped) }))).toEqual([
      "L@0.01,0.5",
      "R@0.99,0.5",
      "A@0.5,0.99",
      "P@0.5,0.01",
    ]);
  });

  it("the montage: case id in the title, letters on its first panel", () => {
    const { volume, mask } = phantom();
    const montage = roiMontageFigure(roiSlicePanels(volume, mask), { caseId: "NPC007", orientation: "LPS" });
    expect(String((montage.layout.title as Any).text)).toMatch(/^NPC007 · Axial slices through the ROI/);
    expect(letters(montage)).toEqual(["R@0.01,0.5", "L@0.99,0.5", "A@0.5,0.99", "P@0.5,0.01"]);
  });
});
