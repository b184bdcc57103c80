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
