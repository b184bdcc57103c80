/** features: discretisation, the nine families, the catalog, the extractor and the cohort runner. */
export { type CaseJob, type CaseOutcome, runCaseJob } from "./case-job.js";
export { buildCatalog, FEATURE_CATALOG, type FeatureCatalog, featureNames } from "./catalog.js";
export {
  buildFeatureTable,
  type CaseFailure,
  type CohortExtraction,
  type CohortProgress,
  type ExtractCohortOptions,
  extractCohort,
  type FeatureTable,
} from "./cohort.js";
export {
  DEFAULT_DISCRETIZATION,
  type Discretization,
  type DiscretizedLevels,
  discretize,
  formatDiscretization,
  parseDiscretization,
} from "./discretize.js";
export { type CaseFeatures, type ExtractFeaturesOptions, extractFeatures, hashVoxels, type InputHashes } from "./extract.js";
export { FAMILY_MODULES, familyModule } from "./families.js";
export {
  companionPaths,
  FEATURE_TABLE_FORMATS,
  failuresCsv,
  writeCohortExtraction,
  writeFeatureTable,
} from "./feature-table.js";
export { prepareCase, ROI_WARNING } from "./prepare.js";
export {
  PYRADIOMICS_MAP,
  PYRADIOMICS_UNMATCHED,
  type PyradiomicsContext,
  type PyradiomicsMapping,
  pyradiomicsMapping,
  toPyradiomics,
} from "./pyradiomics.js";
export {
  DEFAULT_SETTINGS,
  type ExtractionSettings,
  loadSettings,
  PYRADIOMICS_SETTINGS,
  resolveSettings,
  SETTINGS_KEYS,
  SETTINGS_PRESETS,
  settingsToJson,
} from "./settings.js";
export {
  type Convention,
  type EmptyDirections,
  FAMILIES,
  type FamilyInput,
  type FamilyModule,
  type FamilyName,
  type FamilyOptions,
  type FeatureDefinition,
} from "./types.js";
