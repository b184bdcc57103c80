/**
 * The README command blocks that need more than Node, run as written (read from README.md by
 * test/readme-lines.ts): the worked session with `radlab figures` (Chromium), the DICOM-RT
 * block (pydicom), and the two lines at the top. `npm install && npm start` runs here while
 * `npm start` is the non-blocking demo study; when another e2e test (the lab's) runs it, that
 * test covers it and this one only checks it exists.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, readmeBlocks, runLine, scratchFolder } from "../readme-lines.js";

const blocks = readmeBlocks();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The other e2e test files that run `npm start` (the lab's), if any. */
function otherStartTests(): string[] {
  const folder = join(REPO, "test/e2e");
  return readdirSync(folder)
    .filter((f) => f.endsWith(".test.ts") && f !== "readme-commands.test.ts")
    .filter((f) => /npm start|\["start"\]|"run", "start"/.test(readFileSync(join(folder, f), "utf8")));
}

describe("README.md command lines that need Chromium, pydicom or npm", () => {
  for (const block of blocks.filter((b) => b.needs === "e2e")) {
    it(`block at README line ${block.line} runs as written, line by line`, { timeout: 900_000 }, () => {
      const dir = scratchFolder();
      dirs.push(dir);
      for (const line of block.commands) {
        const { status, stderr } = runLine(line, dir, 600_000);
        expect(status, `${line}\n${stderr}`).toBe(0);
      }
      if (block.commands.some((c) => c.includes("radlab figures"))) expect(existsSync(join(dir, "study/figures/roc.svg"))).toBe(true);
    });
  }

  it("npm install && npm start: run by a named e2e test, or here while it is the non-blocking demo study", { timeout: 1_200_000 }, () => {
    const top = blocks.find((b) => b.needs === "npm");
    expect(top?.commands).toContain("npm install && npm start");
    const others = otherStartTests();
    if (others.length > 0) return void expect(others.length).toBeGreaterThan(0);
    const { status, stdout, stderr } = runLine("npm install && npm start", REPO, 1_100_000);
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/Done\./);
  });
});
