/**
 * One case → one row of features: the grid check, `prepareCase` (crop, NaN voxels,
 * discretisation), then each family asked for. A feature that cannot be computed is NaN with a
 * warning naming the case and the feature; a family that throws costs its own columns (NaN,
 * with the reason), never the row.
 */
import { createRequire } from "node:module";
import { RadlabInputError, withCase } from "../errors.js";
import { assertSameGrid } from "../io/grid.js";
import type { Grid, Mask, Volume } from "../types.js";
import { RADLAB_VERSION } from "../version.js";
import { FAMILY_MODULES } from "./families.js";
import { prepareCase } from "./prepare.js";
import { DEFAULT_SETTINGS, type ExtractionSettings } from "./settings.js";
import type { FamilyModule, FamilyOptions } from "./types.js";

/** SHA-256 (hex) of the inputs a row was computed from. */
export interface InputHashes {
  image: string;
  mask: string;
}

/** Options of {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** The case id, named in every warning and error. */
  caseId?: string;
  /**
   * Hashes to record (the cohort runner passes the files' hashes); default: hashes of the voxels
   * and grids, taken when first read (a caller that never reads them, such as `radlab extract
   * --json`, does not pay the 8–16 ms of hashing two volumes).
   */
  inputHashes?: InputHashes;
  /** Family modules to draw from (default: radlab's nine). Lets a test or a plug-in supply its own. */
  modules?: readonly FamilyModule[];
}

/** One case's features and what they were computed from. */
export interface CaseFeatures {
  /** Column name → value, in catalog order (families not asked for are absent); NaN where undefined. */
  features: Record<string, number>;
  /** Every feature that is NaN or degenerate, with the case and the feature named. */
  warnings: string[];
  /** The settings used, with `label` = the label the mask was selected with. */
  settings: ExtractionSettings;
  version: string;
  inputHashes: InputHashes;
}

/**
 * Extracts the features of one case. Throws RadlabInputError (naming the case and the file)
 * when the mask is not on the image's grid, the ROI is empty, or the ROI cannot be discretised;
 * everything after that yields values or NaN with a warning.
 */
export function extractFeatures(
  volume: Volume,
  mask: Mask,
  settings: ExtractionSettings = DEFAULT_SETTINGS,
  options: ExtractFeaturesOptions = {},
): CaseFeatures {
  const caseId = options.caseId;
  assertSameGrid(volume, mask, { caseId, tolerance: settings.gridTolerance });
  const warnings: string[] = [];
  /** Columns (or whole families) some warning has named: a NaN there has its reason. */
  const named = new Set<string>();
  const warn = (feature: string, message: string) => {
    named.add(feature);
    // A lone case (no manifest id) is named by its image file.
    warnings.push(caseId === undefined ? `${volume.source}: ${feature}: ${message}` : withCase(caseId, `${feature}: ${message}`));
  };
  const familyOptions: FamilyOptions = {
    emptyDirections: settings.emptyDirections,
    convention: settings.convention,
    voxelArrayShift: settings.voxelArrayShift,
  };
  let input: ReturnType<typeof prepareCase>;
  try {
    input = prepareCase(volume, mask, settings.discretization, familyOptions, warn);
  } catch (error) {
    // prepareCase names the file; add the case so a batch report reads on its own.
    if (error instanceof RadlabInputError && caseId !== undefined && error.caseId === undefined) {
      throw new RadlabInputError(withCase(caseId, error.message), error.file, caseId);
    }
    throw error;
  }

  const features: Record<string, number> = {};
  for (const module of selectModules(options.modules ?? FAMILY_MODULES, settings)) {
    let values: Float64Array;
    try {
      values = module.compute(input);
      if (values.length !== module.features.length) {
        throw new Error(`returned ${values.length} values for its ${module.features.length} features`);
      }
    } catch (error) {
      warn(module.family, `the family could not be computed (${(error as Error).message}); its ${module.features.length} features are NaN`);
      values = new Float64Array(module.features.length).fill(Number.NaN);
    }
    module.features.forEach((def, n) => {
      features[def.name] = values[n];
    });
    reportUnexplainedNaN(module, values, named, warn);
  }
  return {
    features,
    warnings,
    // Record the label that formed this ROI, which a caller may have chosen apart from the settings.
    settings: mask.label === settings.label ? settings : { ...settings, label: mask.label },
    version: RADLAB_VERSION,
    inputHashes: options.inputHashes ?? lazyVoxelHashes(volume, mask),
  };
}

/**
 * {@link hashVoxels} of image and mask, each computed on its first read and kept. The getters
 * are enumerable own properties, so JSON.stringify and structured cloning see plain strings.
 */
function lazyVoxelHashes(volume: Volume, mask: Mask): InputHashes {
  let image: string | undefined;
  let maskHash: string | undefined;
  return {
    get image() {
      image ??= hashVoxels(volume);
      return image;
    },
    get mask() {
      maskHash ??= hashVoxels(mask);
      return maskHash;
    },
  };
}

/** The modules of the families the settings ask for, in catalog order. */
export function selectModules(modules: readonly FamilyModule[], settings: ExtractionSettings): FamilyModule[] {
  return modules.filter((m) => settings.families.includes(m.family));
}

/**
 * A NaN must never pass unexplained: NaN (or infinite) features of a family that no warning
 * named (by column, or the family as a whole) get one warning listing every one of them.
 */
function reportUnexplainedNaN(module: FamilyModule, values: Float64Array, named: Set<string>, warn: (feature: string, message: string) => void): void {
  if (named.has(module.family)) return;
  const unexplained = module.features.filter((def, n) => !Number.isFinite(values[n]) && !named.has(def.name)).map((def) => def.name);
  if (unexplained.length > 0) warn(module.family, `undefined for this ROI (no reason given by the family): ${unexplained.join(", ")}`);
}

/** SHA-256 of a grid and its voxel bytes: the same image hashes the same in any file format. */
export function hashVoxels(image: Grid & { data: ArrayBufferView }): string {
  // node:crypto is loaded on first use: importing it costs a one-case process ~6 ms it need not pay.
  const { createHash } = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  const hash = createHash("sha256");
  hash.update(JSON.stringify([image.size, image.spacing, image.origin, image.direction, image.data.constructor.name]));
  hash.update(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength));
  return hash.digest("hex");
}
