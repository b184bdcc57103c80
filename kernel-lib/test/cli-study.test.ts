/**
 * `radlab study` (what `npm start` runs) on a 24-case demo cohort without figures: the demo
 * study's result.json is the study-result schema, and its closing summary reads from it.
 * ~7 s of CPU (cohort synthesis, 432 features per case, statistics).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.js";
import { studyResultErrors } from "./study-result-schema.js";

const dir = mkdtempSync(join(tmpdir(), "radlab-cli-study-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("the demo study's result validates against the study-result schema", { timeout: 120_000 }, async () => {
  const printed: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void printed.push(a.join(" ")));
  try {
    expect(await main(["study", "--data", dir, "--cases", "24", "--no-figures", "--workers", "1"])).toBe(0);
  } finally {
    log.mockRestore();
  }
  const result = JSON.parse(readFileSync(join(dir, "demo-study", "result.json"), "utf8"));
  expect(studyResultErrors(result)).toEqual([]);
  expect(result.patients).toHaveLength(24);
  expect(result.provenance.command.slice(0, 2)).toEqual(["radlab", "model"]);
  expect(printed.join("\n")).toContain(result.radscore.formula);
});
