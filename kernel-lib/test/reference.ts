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
