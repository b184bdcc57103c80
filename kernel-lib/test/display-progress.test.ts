/**
 * The in-place progress display of a Slurm run and of a local cohort: one display id, added
 * once then updated, the text escaped in the HTML; nothing outside a running tslab cell.
 */
import { describe, expect, it } from "vitest";
import { cohortProgress, progressDisplay } from "../src/display/progress.js";
import type { DisplayMessage, TslabJupyter } from "../src/display/tslab.js";

function fakeKernel(): { kernel: TslabJupyter; sent: { message: DisplayMessage; update: boolean }[] } {
  const sent: { message: DisplayMessage; update: boolean }[] = [];
  return { kernel: { lastWriteDisplayData: (message, update) => sent.push({ message, update }) }, sent };
}

describe("progress display", () => {
  it("adds one output, then updates it in place; the text is escaped in the HTML", () => {
    const { kernel, sent } = fakeKernel();
    const show = progressDisplay("run <b>1</b>", kernel);
    show?.(0, "cases 0/4");
    show?.(0.5, "cases 2/4 & <1 failed>");
    expect(sent.map((s) => s.update)).toEqual([false, true]);
    expect(new Set(sent.map((s) => s.message.transient.display_id)).size).toBe(1);
    expect(sent[1].message.data["text/plain"]).toBe("run <b>1</b> [##########..........] cases 2/4 & <1 failed>");
    expect(sent[1].message.data["text/html"]).toContain("run &lt;b&gt;1&lt;/b&gt;");
    expect(sent[1].message.data["text/html"]).toContain('<progress max="100" value="50"');
    expect(sent[1].message.data["text/html"]).toContain("cases 2/4 &amp; &lt;1 failed&gt;");
  });

  it("a local cohort's progress reads like a Slurm run's", () => {
    const { kernel, sent } = fakeKernel();
    let t = 0;
    const onProgress = cohortProgress({ jupyter: kernel, now: () => t });
    t = 2000;
    onProgress?.({ done: 3, total: 4, failed: 1, cached: 2, id: "P3" });
    expect(sent[0].message.data["text/plain"]).toBe("radlab extract [###############.....] cases 3/4 · 1 failed · 2 from cache · about 2 s left (last: P3)");
  });

  it("is undefined outside a running cell", () => {
    expect(progressDisplay("x", { lastWriteDisplayData: null })).toBeUndefined();
    expect(cohortProgress({ jupyter: { lastWriteDisplayData: null } })).toBeUndefined();
  });
});
