/**
 * @radlab/kernel-lib: what a radlab notebook imports. One namespace per stage of a study,
 * plus the shared data types.
 */
export * from "./errors.js";
export * from "./io/index.js";
export * from "./demo/index.js";
export type * from "./types.js";
export { RADLAB_VERSION } from "./version.js";
