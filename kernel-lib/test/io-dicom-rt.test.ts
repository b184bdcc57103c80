/**
 * RTSTRUCT / DICOM-SEG pieces that need no DICOM writer: the contour rasteriser against a
 * brute-force point-in-polygon test at every voxel centre (exact: both decide the same
 * inequalities, so no tolerance), ROI and series choice, SEG frame unpacking and placement.
 * The files themselves, and plastimatch as the reference rasteriser, are in
 * test/e2e/dicom-rt.test.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Grid, type RtContour, type RtRoi, type RtStruct, rasterizeContours, readManifest, selectRoi } from "../src/index.js";
import { cieLabToRgb, parseSeg, segmentMask } from "../src/io/dicom-rt/seg.js";
import { chooseSeries, type DicomSeries, sliceSpacing } from "../src/io/dicom-rt/series.js";
import { checkTransferSyntax, describeTransferSyntax } from "../src/io/dicom-rt/transfer-syntax.js";

/** An oblique grid: rows and columns rotated out of every axis, anisotropic spacing, non-integer origin. */
function obliqueGrid(): Grid {
  const a = (25 * Math.PI) / 180;
  const b = (15 * Math.PI) / 180;
  const row = [Math.cos(a), Math.sin(a), 0];
  const col = [-Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), Math.sin(b)];
  const normal = [row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]];
  // ITK's direction matrix: column c = direction of index axis c.
  const direction = [row[0], col[0], normal[0], row[1], col[1], normal[1], row[2], col[2], normal[2]];
  return { size: [30, 26, 6], spacing: [0.9, 1.1, 2.5], origin: [12.4, -40.6, -5.3], direction };
}

/** Patient position of plane coordinates (u along rows, v along columns, mm) on slice k. */
function planePoint(grid: Grid, k: number, u: number, v: number): number[] {
  const d = grid.direction;
  return [0, 1, 2].map((r) => grid.origin[r] + d[r * 3] * u + d[r * 3 + 1] * v + d[r * 3 + 2] * grid.spacing[2] * k);
}

function contour(grid: Grid, k: number, poly: [number, number][], geometricType = "CLOSED_PLANAR"): RtContour {
  return { geometricType, points: Float64Array.from(poly.flatMap(([u, v]) => planePoint(grid, k, u, v))) };
}

/** W. R. Franklin's pnpoly, written out independently of the scan-line fill. */
function pnpoly(poly: [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let m = 0, p = poly.length - 1; m < poly.length; p = m++) {
    const [xi, yi] = poly[m];
    const [xj, yj] = poly[p];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function star(cu: number, cv: number, outer: number, inner: number, points: number, turn = 0): [number, number][] {
  return Array.from({ length: 2 * points }, (_, m) => {
    const r = m % 2 === 0 ? outer : inner;
    const t = (Math.PI * m) / points + turn;
    return [cu + r * Math.cos(t), cv + r * Math.sin(t)] as [number, number];
  });
}

const opts = { source: "RS.dcm", roiName: 'ROI 1 "GTV"' };

describe("rasterizeContours", () => {
  it("marks exactly the voxels whose centre is inside, on an oblique anisotropic grid", () => {
    const grid = obliqueGrid();
    const [nx, ny] = grid.size;
    const polys: [number, [number, number][]][] = [
      [1, star(12.3, 13.1, 9.7, 4.2, 7)],
      [3, star(14.1, 12.2, 11.3, 6.1, 5, 0.3)],
      [4, star(5.2, 5.3, 3.1, 1.4, 4)],
    ];
    const { data, voxelCount, contoursUsed } = rasterizeContours(
      grid,
      polys.map(([k, p]) => contour(grid, k, p)),
      opts,
    );
    expect(contoursUsed).toBe(3);
    let expected = 0;
    for (let k = 0; k < grid.size[2]; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          // Plane coordinates of the voxel centre, in mm: u = i·sx, v = j·sy.
          const inside = polys.some(([kk, p]) => kk === k && pnpoly(p, i * grid.spacing[0], j * grid.spacing[1]));
          expected += inside ? 1 : 0;
          expect(data[i + nx * (j + ny * k)], `voxel ${i},${j},${k}`).toBe(inside ? 1 : 0);
        }
      }
    }
    expect(voxelCount).toBe(expected);
    expect(voxelCount).toBeGreaterThan(100);
  });

  it("makes a nested contour a hole by the even-odd rule and fills it by union", () => {
    const grid: Grid = { size: [20, 20, 3], spacing: [1, 1, 2], origin: [-9.7, -9.6, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const outer = contour(grid, 1, star(10, 10, 8, 7, 12));
    const inner = contour(grid, 1, star(10.2, 9.8, 3.5, 3, 8));
    const evenOdd = rasterizeContours(grid, [outer, inner], opts);
    const union = rasterizeContours(grid, [outer, inner], { ...opts, rule: "union" });
    const hole = rasterizeContours(grid, [inner], opts);
    expect(hole.voxelCount).toBeGreaterThan(20);
    for (let n = 0; n < union.data.length; n++) expect(union.data[n] - evenOdd.data[n]).toBe(hole.data[n]);
    // CLOSED_PLANAR_XOR contours combine by exclusive or whatever the rule.
    const xor = rasterizeContours(grid, [outer, { ...inner, geometricType: "CLOSED_PLANAR_XOR" }], { ...opts, rule: "union" });
    expect(Array.from(xor.data)).toEqual(Array.from(evenOdd.data));
  });

  it("skips point and open contours with a warning naming the file and ROI", () => {
    const grid = obliqueGrid();
    const r = rasterizeContours(
      grid,
      [
        contour(grid, 2, star(12, 12, 6, 3, 5)),
        contour(grid, 2, [[3, 3]], "POINT"),
        contour(
          grid,
          3,
          [
            [1, 1],
            [5, 2],
            [7, 6],
          ],
          "OPEN_PLANAR",
        ),
      ],
      opts,
    );
    expect(r.contoursUsed).toBe(1);
    expect(r.warnings).toEqual([
      'RS.dcm: ROI 1 "GTV": 1 POINT contour skipped (only closed planar contours enclose voxels)',
      'RS.dcm: ROI 1 "GTV": 1 OPEN_PLANAR contour skipped (only closed planar contours enclose voxels)',
    ]);
  });

  it("refuses a contour between slices, beyond the series, across slices or outside the field of view", () => {
    const grid = obliqueGrid();
    const poly = star(12, 12, 6, 3, 5);
    expect(() => rasterizeContours(grid, [contour(grid, 2.5, poly)], opts)).toThrow(
      /^RS\.dcm: ROI 1 "GTV": contour 1 \(first point .* mm\) lies between slices 2 and 3 \(slice position 2\.50\): it matches no slice of the series$/,
    );
    expect(() => rasterizeContours(grid, [contour(grid, 2, poly), contour(grid, 7, poly)], opts)).toThrow(
      /contour 2 \(first point .* mm\) lies off the series: at slice position 7\.00, the series has slices 0\.\.5/,
    );
    expect(() => rasterizeContours(grid, [contour(grid, -1, poly)], opts)).toThrow(/lies off the series: at slice position -1\.00/);
    const tilted = contour(grid, 2, poly);
    for (let m = 0; m < tilted.points.length / 3; m++) tilted.points[3 * m + 2] += m % 2 === 0 ? 0 : 1.5;
    expect(() => rasterizeContours(grid, [tilted], opts)).toThrow(/is not in one slice plane of the image: it spans slice positions/);
    expect(() => rasterizeContours(grid, [contour(grid, 2, star(80, 12, 5, 2, 5))], opts)).toThrow(
      /contour 1 \(slice 2\) lies off the series: it is outside the image's 30×26 field of view/,
    );
  });

  it("warns when a contour reaches beyond the field of view and keeps the voxels inside it", () => {
    const grid = obliqueGrid();
    const r = rasterizeContours(grid, [contour(grid, 2, star(0, 10, 6, 3, 5))], opts);
    expect(r.voxelCount).toBeGreaterThan(0);
    expect(r.warnings).toEqual([`RS.dcm: ROI 1 "GTV": 1 contour(s) extend beyond the image's field of view; voxels outside it are not in the mask`]);
  });
});

describe("selectRoi", () => {
  const roi = (number: number, name: string): RtRoi => ({
    number,
    name,
    interpretedType: "GTV",
    frameOfReferenceUid: "1.2",
    referencedSeriesUid: "1.3",
    sliceCount: 1,
    contourCount: 1,
    contours: [],
  });
  const rs: RtStruct = {
    file: "/data/RS.dcm",
    label: "",
    frameOfReferenceUids: ["1.2"],
    referencedSeriesUids: ["1.3"],
    rois: [roi(1, "GTVp"), roi(2, "GTVnx"), roi(7, "Brainstem"), roi(9, "gtv_boost")],
  };
  it("finds an ROI by name, number, case-insensitive name or regular expression", () => {
    expect(selectRoi(rs, "GTVp").number).toBe(1);
    expect(selectRoi(rs, 7).name).toBe("Brainstem");
    expect(selectRoi(rs, "7").name).toBe("Brainstem");
    expect(selectRoi(rs, "brainstem").number).toBe(7);
    expect(selectRoi(rs, /^gtv(nx)$/).number).toBe(2);
    expect(selectRoi(rs, "/^GTV_B/").number).toBe(9);
  });
  it("refuses a name not present or a pattern matching several ROIs, listing the ROIs", () => {
    expect(() => selectRoi(rs, "CTV")).toThrow('/data/RS.dcm: no ROI "CTV"; the ROIs are: 1 GTVp, 2 GTVnx, 7 Brainstem, 9 gtv_boost');
    expect(() => selectRoi(rs, /^gtv(nx|p)?$/i)).toThrow(
      '/data/RS.dcm: 2 ROIs match "/^gtv(nx|p)?$/i" (GTVp, GTVnx); name one; the ROIs are: 1 GTVp, 2 GTVnx, 7 Brainstem, 9 gtv_boost',
    );
    expect(() => selectRoi(rs, 3)).toThrow("/data/RS.dcm: no ROI number 3; the ROIs are:");
  });
});

describe("transfer syntaxes", () => {
  it("names them, and refuses one radlab cannot decode with the file and the syntax", () => {
    expect(describeTransferSyntax("1.2.840.10008.1.2.4.90")).toBe("1.2.840.10008.1.2.4.90 (JPEG 2000 (Lossless Only))");
    expect(describeTransferSyntax("1.2.840.10008.1.2.4.112")).toBe("1.2.840.10008.1.2.4.112 (JPEG XL)");
    expect(describeTransferSyntax("1.2.840.10008.1.2.7.1")).toBe("1.2.840.10008.1.2.7.1 (SMPTE ST 2110)");
    expect(describeTransferSyntax("1.2.3")).toBe("1.2.3 (not a DICOM transfer syntax)");
    for (const uid of ["", "1.2.840.10008.1.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.5"])
      expect(() => checkTransferSyntax("/d/CT1.dcm", uid)).not.toThrow();
    expect(() => checkTransferSyntax("/d/CT1.dcm", "1.2.840.10008.1.2.4.102", "P7")).toThrow(
      "case P7: /d/CT1.dcm: transfer syntax 1.2.840.10008.1.2.4.102 (MPEG-4 AVC/H.264 High Profile) cannot be decoded by radlab (GDCM in itk-wasm); convert the files",
    );
  });
});

describe("chooseSeries", () => {
  const series = (uid: string, description: string, number: number, slices: number): DicomSeries => ({
    seriesInstanceUid: uid,
    frameOfReferenceUid: "1.9",
    studyInstanceUid: "1.8",
    description,
    number,
    modality: "MR",
    files: Array.from({ length: slices }, (_, n) => `/d/${uid}-${n}.dcm`),
    sopInstanceUids: Array.from({ length: slices }, (_, n) => `${uid}.${n}`),
    slicePositions: Array.from({ length: slices }, (_, n) => 10.25 + 2.5 * n),
    transferSyntaxUids: Array.from({ length: slices }, () => "1.2.840.10008.1.2.1"),
  });
  const list = [series("1.2.3", "T2 axial", 3, 24), series("1.2.4", "CT plan", 7, 90)];
  it("takes the only series, or the one named by UID or description", () => {
    expect(chooseSeries("/d", [list[0]]).description).toBe("T2 axial");
    expect(chooseSeries("/d", list, "1.2.4").description).toBe("CT plan");
    expect(chooseSeries("/d", list, "t2 AXIAL").seriesInstanceUid).toBe("1.2.3");
  });
  it("lists every series (description, number, slice count, UID) when the choice is missing or matches none", () => {
    expect(() => chooseSeries("/d", list)).toThrow(
      '/d: holds 2 DICOM series (the folder mixes several series); choose one by its UID or description (option series, --series):\n  "T2 axial" (series 3, 24 slices, UID 1.2.3)\n  "CT plan" (series 7, 90 slices, UID 1.2.4)',
    );
    expect(() => chooseSeries("/d", list, "PET")).toThrow('/d: no DICOM series match "PET" (by UID or description); the folder holds:\n  "T2 axial"');
  });
  it("takes the slice spacing from the positions and refuses a gap or a duplicate slice", () => {
    expect(sliceSpacing("/d", list[0])).toBeCloseTo(2.5, 12);
    const gap = { ...list[0], slicePositions: list[0].slicePositions.filter((_, k) => k !== 5) };
    expect(() => sliceSpacing("/d", gap)).toThrow(
      '/d: series "T2 axial" (series 3, 24 slices, UID 1.2.3) is not evenly spaced: the gap between slices 4 and 5 is 5.000 mm, the other gaps 2.500 mm: a missing slice?',
    );
    const twice = { ...list[0], slicePositions: [...list[0].slicePositions.slice(0, 3), ...list[0].slicePositions.slice(2)] };
    expect(() => sliceSpacing("/d", twice)).toThrow("slices 2 and 3 share one position (15.250 mm along the normal): a duplicate file?");
  });
});

describe("DICOM-SEG frames", () => {
  // 5 × 3 pixels a frame: 15 bits, so frames straddle byte boundaries (no padding between them).
  const grid: Grid = { size: [5, 3, 4], spacing: [0.8, 1.2, 3], origin: [-2.5, 4.25, 10.5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const frames = [
    { segment: 1, k: 0, on: [0, 1, 2, 14] },
    { segment: 1, k: 2, on: [7] },
    { segment: 2, k: 2, on: [3, 4, 5, 6] },
  ];
  function dataset(type: "BINARY" | "FRACTIONAL", values: (n: number, on: boolean) => number): Record<string, unknown> {
    const pixels = frames.flatMap((f) => Array.from({ length: 15 }, (_, n) => values(n, f.on.includes(n))));
    let bytes: Uint8Array;
    if (type === "BINARY") {
      bytes = new Uint8Array(Math.ceil(pixels.length / 8));
      pixels.forEach((v, n) => {
        if (v) bytes[Math.floor(n / 8)] |= 1 << (n % 8);
      });
    } else bytes = Uint8Array.from(pixels);
    return {
      Modality: "SEG",
      SegmentationType: type,
      MaximumFractionalValue: 200,
      Rows: 3,
      Columns: 5,
      FrameOfReferenceUID: "1.9",
      SegmentSequence: [
        { SegmentNumber: 1, SegmentLabel: "Tumour", RecommendedDisplayCIELabValue: [65535, 32896, 32896] },
        { SegmentNumber: 2, SegmentLabel: "Node" },
      ],
      SharedFunctionalGroupsSequence: [
        { PixelMeasuresSequence: [{ PixelSpacing: ["1.2", "0.8"] }], PlaneOrientationSequence: [{ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }] },
      ],
      PerFrameFunctionalGroupsSequence: frames.map((f) => ({
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: f.segment }],
        PlanePositionSequence: [{ ImagePositionPatient: [-2.5, 4.25, 10.5 + 3 * f.k] }],
      })),
      PixelData: [bytes.buffer],
    };
  }
  function expected(segment: number): number[] {
    const out = new Array(5 * 3 * 4).fill(0);
    for (const f of frames) if (f.segment === segment) for (const n of f.on) out[f.k * 15 + n] = 1;
    return out;
  }

  it("places binary frames of a subset of slices on the image grid, segment by segment", () => {
    const seg = parseSeg(
      dataset("BINARY", (_, on) => (on ? 1 : 0)),
      "/d/SEG.dcm",
    );
    expect(seg.segments.map((s) => [s.number, s.label, s.frameCount])).toEqual([
      [1, "Tumour", 2],
      [2, "Node", 1],
    ]);
    expect(seg.segments[0].color).toEqual([255, 255, 255]);
    for (const segment of seg.segments) {
      const { data, voxelCount } = segmentMask(seg, segment, grid);
      expect(Array.from(data)).toEqual(expected(segment.number));
      expect(voxelCount).toBe(expected(segment.number).filter(Boolean).length);
    }
  });

  it("reads a fractional segment as inside where its fraction is at least one half", () => {
    const seg = parseSeg(
      dataset("FRACTIONAL", (n, on) => (on ? 150 : n % 2 === 0 ? 99 : 0)),
      "/d/SEG.dcm",
    );
    expect(Array.from(segmentMask(seg, seg.segments[0], grid).data)).toEqual(expected(1));
    expect(segmentMask(seg, seg.segments[0], grid, { fractionThreshold: 0.45 }).voxelCount).toBeGreaterThan(expected(1).filter(Boolean).length);
  });

  it("refuses frames off the image's slices or pixel grid, naming the file and segment", () => {
    const ds = dataset("BINARY", (_, on) => (on ? 1 : 0));
    (
      ds.PerFrameFunctionalGroupsSequence as { PlanePositionSequence: { ImagePositionPatient: number[] }[] }[]
    )[1].PlanePositionSequence[0].ImagePositionPatient = [-2.5, 4.25, 12];
    const seg = parseSeg(ds, "/d/SEG.dcm");
    expect(() => segmentMask(seg, seg.segments[0], grid)).toThrow('/d/SEG.dcm: segment 1 "Tumour": frame 2 lies between slices 0 and 1 (slice position 0.50)');
    expect(() => segmentMask(seg, seg.segments[0], { ...grid, size: [5, 4, 4] })).toThrow("frames are 5×3 pixels, the image's slices 5×4");
    expect(() => segmentMask(seg, seg.segments[0], { ...grid, spacing: [0.8, 1.0, 3] })).toThrow(
      '/d/SEG.dcm: segment 1 "Tumour": pixel spacing 0.8×1.2 mm is not the image\'s 0.8×1 mm',
    );
    expect(() => segmentMask(seg, seg.segments[0], { ...grid, direction: [0, 1, 0, 1, 0, 0, 0, 0, -1] })).toThrow(
      '/d/SEG.dcm: segment 1 "Tumour": frame orientation [1, 0, 0, 0, 1, 0] is not the image\'s [0, 1, 0, 1, 0, 0]',
    );
    const place = (n: number, position: number[]) => {
      const moved = dataset("BINARY", (_, on) => (on ? 1 : 0));
      (moved.PerFrameFunctionalGroupsSequence as { PlanePositionSequence: { ImagePositionPatient: number[] }[] }[])[
        n
      ].PlanePositionSequence[0].ImagePositionPatient = position;
      return parseSeg(moved, "/d/SEG.dcm");
    };
    const beyond = place(1, [-2.5, 4.25, 10.5 + 3 * 6]);
    expect(() => segmentMask(beyond, beyond.segments[0], grid)).toThrow(
      '/d/SEG.dcm: segment 1 "Tumour": frame 2 lies off the series: at slice position 6.00, the series has slices 0..3',
    );
    const shifted = place(0, [-2.5 + 0.4, 4.25, 10.5]);
    expect(() => segmentMask(shifted, shifted.segments[0], grid)).toThrow(
      '/d/SEG.dcm: segment 1 "Tumour": frame 1 starts at voxel (0.50, 0.00) of the image, not at (0, 0)',
    );
  });

  it("leaves compressed frames to decodeSegFrames (GDCM) and says so when they were not decoded", () => {
    const ds = { ...dataset("BINARY", (_, on) => (on ? 1 : 0)), TransferSyntaxUID: "1.2.840.10008.1.2.5" };
    expect(() => parseSeg(ds, "/d/SEG.dcm")).toThrow(
      "/d/SEG.dcm: its pixel data are compressed (1.2.840.10008.1.2.5 (RLE Lossless)): decode them first (decodeSegFrames)",
    );
    // Decoded frames as GDCM gives BINARY pixels (0/255) read as the packed bits do.
    const decoded = Uint8Array.from(frames.flatMap((f) => Array.from({ length: 15 }, (_, n) => (f.on.includes(n) ? 255 : 0))));
    const seg = parseSeg(ds, "/d/SEG.dcm", undefined, decoded);
    expect(Array.from(segmentMask(seg, seg.segments[1], grid).data)).toEqual(expected(2));
  });

  it("converts DICOM CIELab to sRGB", () => {
    expect(cieLabToRgb([65535, 32896, 32896])).toEqual([255, 255, 255]);
    expect(cieLabToRgb([0, 32896, 32896])).toEqual([0, 0, 0]);
    // Lab (53.24, 80.09, 67.20) is sRGB red.
    expect(cieLabToRgb([Math.round((53.24 * 65535) / 100), Math.round(((80.09 + 128) * 65535) / 255), Math.round(((67.2 + 128) * 65535) / 255)])).toEqual([
      255, 0, 0,
    ]);
  });
});

describe("manifest roi column", () => {
  it("carries the ROI of each case and keeps it out of the clinical columns", () => {
    const folder = mkdtempSync(join(tmpdir(), "radlab-roi-manifest-"));
    writeFileSync(join(folder, "RS.dcm"), "x");
    mkdirSync(join(folder, "ct"));
    writeFileSync(join(folder, "m.csv"), "id,image,mask,roi,outcome\nA,ct,RS.dcm,GTVp,1\nB,ct,RS.dcm,,0\n");
    const m = readManifest(join(folder, "m.csv"));
    expect(m.cases.map((c) => c.roi)).toEqual(["GTVp", undefined]);
    expect(m.clinicalColumns).toEqual(["outcome"]);
  });
});
