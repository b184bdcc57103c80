/**
 * The notebooks as stored in git: outputs stripped (a notebook is source, its outputs belong
 * to a run), the tslab kernel named, and each opening with what it does, what it needs and how
 * long it takes. Their execution is tested in test/e2e/notebooks.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../kernel-lib/test/reference.js";

const folder = join(REPO_ROOT, "notebooks");
const notebooks = readdirSync(folder).filter((f) => f.endsWith(".ipynb"));

describe("notebooks/ in git", () => {
  it("holds notebooks", () => expect(notebooks.length).toBeGreaterThanOrEqual(6));
  for (const name of notebooks) {
    it(`${name}: stripped, tslab, and says what, needs and how long`, () => {
      const nb = JSON.parse(readFileSync(join(folder, name), "utf8"));
      expect(nb.metadata.kernelspec.name).toBe("tslab");
      for (const cell of nb.cells) {
        if (cell.cell_type !== "code") continue;
        expect(cell.outputs, `${name}: a code cell has outputs`).toEqual([]);
        expect(cell.execution_count).toBeNull();
      }
      const opening = [nb.cells[0].source].flat().join("");
      expect(nb.cells[0].cell_type).toBe("markdown");
      for (const heading of ["What it does.", "What it needs.", "How long it takes."]) expect(opening).toContain(heading);
      expect(opening).toMatch(/142/);
    });
  }
});
