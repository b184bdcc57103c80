/**
 * The registry of feature families: the nine modules in FAMILIES order. The catalog, the
 * extractor and the column order all derive from this one list.
 */

import { glcmFamily } from "./glcm.js";
import { gldzmFamily } from "./gldzm.js";
import { glrlmFamily } from "./glrlm.js";
import { glszmFamily } from "./glszm.js";
import { histFamily } from "./hist.js";
import { ngldmFamily } from "./ngldm.js";
import { ngtdmFamily } from "./ngtdm.js";
import { shapeFamily } from "./shape.js";
import { statFamily } from "./stat.js";
import { FAMILIES, type FamilyModule, type FamilyName } from "./types.js";

const BY_NAME: Record<FamilyName, FamilyModule> = {
  stat: statFamily,
  hist: histFamily,
  shape: shapeFamily,
  glcm: glcmFamily,
  glrlm: glrlmFamily,
  glszm: glszmFamily,
  gldzm: gldzmFamily,
  ngldm: ngldmFamily,
  ngtdm: ngtdmFamily,
};

/** The family modules in catalog (column) order. */
export const FAMILY_MODULES: readonly FamilyModule[] = Object.freeze(FAMILIES.map((name) => BY_NAME[name]));

/** The module of one family. */
export function familyModule(name: FamilyName): FamilyModule {
  return BY_NAME[name];
}
