/**
 * Access to the outside oracles in ../shared/reference (beside the repository).
 * Under CI=true a missing folder fails the run; elsewhere the oracle suites are skipped,
 * visibly (vitest lists them as skipped).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED_DIR = resolve(process.env.RADLAB_SHARED ?? join(REPO_ROOT, "..", "shared"));
export const REFERENCE_DIR = join(SHARED_DIR, "reference");
export const HAS_REFERENCE = existsSync(REFERENCE_DIR);
const IN_CI = process.env.CI === "true" || process.env.CI === "1";

/** The clinical columns of the R reference data sets in shared/reference/stats (tabulated, never LASSO candidates). */
export const REFERENCE_CLINICAL: Readonly<Record<"wdbc" | "radiomics_sim", readonly string[]>> = {
  wdbc: [],
  radiomics_sim: ["age", "sex", "bmi", "tumor_diameter_cm", "albumin_g_L", "hemoglobin_g_L", "cea_ng_mL", "stage", "ecog"],
};

/** Absolute path of a file under shared/reference. */
export function ref(...parts: string[]): string {
  return join(REFERENCE_DIR, ...parts);
}

/**
 * `describe` for a suite that reads an oracle. Without shared/reference: skipped (listed as
 * skipped) on a developer machine, a failing test under CI.
 */
export function describeOracle(name: string, body: () => void): void {
  if (HAS_REFERENCE) describe(name, body);
  else if (IN_CI) {
    describe(name, () => {
      it("needs ../shared/reference", () => {
        throw new Error(`oracle data missing: ${REFERENCE_DIR} does not exist (CI=true)`);
      });
    });
  } else describe.skip(`${name} [skipped: ${REFERENCE_DIR} not found]`, body);
}

/**
 * `it` for a test that needs files outside shared/reference (a doc in ../shared/docs, the built
 * dist): run when they all exist; a failing test under CI=true; elsewhere a visible skip naming them.
 */
export function itNeeds(paths: string[], name: string, body: () => unknown, timeout?: number): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) it(name, body, timeout);
  else if (IN_CI) {
    it(name, () => {
      throw new Error(`needed and missing (CI=true): ${missing.join(", ")}`);
    });
  } else it.skip(`${name} [skipped: ${missing.join(", ")} not found]`, body);
}
