/**
 * Every command line of README.md runs as written (read from the README, not retyped), so the
 * README cannot drift from the program. This file runs every line that needs only Node (each
 * block's lines before the first that needs Chromium or pydicom) in a scratch folder (the
 * worked session's small demo cohort: ~30 s on 2 cores); whole blocks with such lines, and
 * the `npm` lines, are run by test/e2e/readme-commands.test.ts.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, readmeBlocks, runLine, scratchFolder } from "./readme-lines.js";

const blocks = readmeBlocks();
const dir = scratchFolder();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README.md command lines", () => {
  it("are found: the two at the top and the worked session", () => {
    const all = blocks.flatMap((b) => b.commands);
    expect(all.slice(0, 2)).toEqual(["npm install && npm start", "npm test"]);
    expect(all.filter((c) => c.startsWith("npx radlab ")).length).toBeGreaterThanOrEqual(7);
  });

  it("every npm line names a script of package.json (npm install is npm's own)", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    for (const line of blocks.filter((b) => b.needs === "npm").flatMap((b) => b.commands))
      for (const part of line.split("&&").map((p) => p.trim())) {
        const m = /^npm (?:run )?([\w:-]+)/.exec(part);
        expect(m, part).not.toBeNull();
        if (m && m[1] !== "install" && m[1] !== "ci") expect(scripts, part).toContain(m[1]);
      }
  });

  for (const block of blocks) {
    for (const line of block.nodeCommands) {
      it(`runs as written (README line ${block.line}): ${line}`, () => {
        const { status, stderr } = runLine(line, dir);
        expect(status, stderr).toBe(0);
      });
    }
  }
});
