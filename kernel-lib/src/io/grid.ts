import { RadlabInputError, withCase } from "../errors.js";
import type { Grid } from "../types.js";

/**
 * How far two grids may differ and still count as one grid. Spacing and origin are compared
 * in mm, direction cosines as plain numbers. The defaults absorb the float32 rounding that
 * NIfTI headers introduce (≈1e-5 mm) and nothing a resampling would.
 */
export interface GridTolerance {
  /** Largest |Δ spacing| in mm. Default 1e-3. */
  spacing: number;
  /** Largest |Δ origin| in mm. Default 1e-3. */
  origin: number;
  /** Largest |Δ direction cosine|. Default 1e-4. */
  direction: number;
}

/** The default {@link GridTolerance}: 1e-3 mm for spacing and origin, 1e-4 for direction cosines. */
export const DEFAULT_GRID_TOLERANCE: GridTolerance = { spacing: 1e-3, origin: 1e-3, direction: 1e-4 };

/** Lists every way grid `b` differs from grid `a` beyond the tolerance (empty when they match). */
export function gridDifferences(a: Grid, b: Grid, tolerance: GridTolerance = DEFAULT_GRID_TOLERANCE): string[] {
  const out: string[] = [];
  const fmt = (v: ArrayLike<number>) => Array.from(v, (x) => +x.toPrecision(6)).join("×");
  if (a.size.some((s, d) => s !== b.size[d])) out.push(`size ${fmt(a.size)} vs ${fmt(b.size)}`);
  if (a.spacing.some((s, d) => Math.abs(s - b.spacing[d]) > tolerance.spacing)) out.push(`spacing ${fmt(a.spacing)} vs ${fmt(b.spacing)} mm`);
  if (a.origin.some((s, d) => Math.abs(s - b.origin[d]) > tolerance.origin))
    out.push(`origin ${a.origin.map((x) => +x.toPrecision(6)).join(", ")} vs ${b.origin.map((x) => +x.toPrecision(6)).join(", ")} mm`);
  if (a.direction.some((s, d) => Math.abs(s - b.direction[d]) > tolerance.direction))
    out.push(`direction [${a.direction.map((x) => +x.toFixed(4)).join(", ")}] vs [${b.direction.map((x) => +x.toFixed(4)).join(", ")}]`);
  return out;
}

/**
 * Throws a RadlabInputError naming both files and every difference when the mask does not lie
 * on the image's grid.
 */
export function assertSameGrid(
  image: Grid & { source: string },
  mask: Grid & { source: string },
  options: { caseId?: string; tolerance?: GridTolerance } = {},
): void {
  const differences = gridDifferences(image, mask, options.tolerance);
  if (differences.length > 0) {
    throw new RadlabInputError(
      withCase(options.caseId, `mask ${mask.source} is not on the grid of image ${image.source}: ${differences.join("; ")}`),
      mask.source,
      options.caseId,
    );
  }
}

/**
 * The three-letter orientation code of the index axes (ITK/LPS convention, as in
 * ITK-SNAP and SimpleITK's DICOMOrient): each letter names the direction toward which
 * the index grows, e.g. "LPS" for an axial DICOM-like volume, "RAS" after a NIfTI flip.
 */
export function orientationCode(grid: Grid): string {
  const letters = [
    ["L", "R"],
    ["P", "A"],
    ["S", "I"],
  ];
  let code = "";
  for (let c = 0; c < 3; c++) {
    const column = [0, 1, 2].map((r) => grid.direction[r * 3 + c]);
    const axis = column.reduce((best, v, r) => (Math.abs(v) > Math.abs(column[best]) ? r : best), 0);
    code += letters[axis][column[axis] >= 0 ? 0 : 1];
  }
  return code;
}

/** The opposite end of each orientation letter. */
const OPPOSITE: Record<string, string> = { L: "R", R: "L", A: "P", P: "A", S: "I", I: "S" };

/** The letter at the low-index end of axis `a` of a grid with orientation `code` ("LPS": index 0 grows toward L, so its low end is R). */
export function lowEndLetter(code: string, a: number): string {
  return OPPOSITE[code[a]] ?? "?";
}
