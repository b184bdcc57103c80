/**
 * Guards radlab's one dependency on tslab internals: `lastWriteDisplayData` of
 * tslab/dist/jupyter (tslab 1.0.22). If tslab renames it, changes its message shape or stops
 * routing its own display API through it, these tests fail.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { type DisplayMessage, displayMimeBundle, NotInNotebookError, tslabJupyter } from "../src/display/tslab.js";

const require = createRequire(import.meta.url);
const jupyter = tslabJupyter();

afterEach(() => {
  jupyter.lastWriteDisplayData = null;
});

describe("tslab's display internals that radlab relies on", () => {
  it("tslab/dist/jupyter exports a writable lastWriteDisplayData, null outside a running cell", () => {
    expect(Object.hasOwn(jupyter, "lastWriteDisplayData")).toBe(true);
    expect(jupyter.lastWriteDisplayData).toBeNull();
    expect(jupyter).toBe(require("tslab/dist/jupyter"));
  });

  it("its declaration still reads (data: DisplayData, update: boolean) => void", () => {
    const dts = readFileSync(require.resolve("tslab/dist/jupyter.d.ts"), "utf8");
    expect(dts).toMatch(/export declare let lastWriteDisplayData: \(data: DisplayData, update: boolean\) => void;/);
    expect(dts).toMatch(/interface DisplayData \{[\s\S]*data: \{[\s\S]*metadata: \{[\s\S]*transient: \{[\s\S]*display_id\?: string/);
  });

  it("tslab's own display.html goes through it with the message shape radlab sends", () => {
    const calls: [DisplayMessage, boolean][] = [];
    jupyter.lastWriteDisplayData = (message, update) => calls.push([message, update]);
    const tslab = require("tslab") as { display: { html(s: string): void }; newDisplay(): { text(s: string): void } };
    tslab.display.html("<b>x</b>");
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toEqual({ data: { "text/html": "<b>x</b>" }, metadata: {}, transient: { display_id: undefined } });
    expect(calls[0][1]).toBeFalsy(); // tslab passes undefined for a new output
    const d = tslab.newDisplay();
    d.text("a");
    d.text("b");
    expect(calls[1][1]).toBeFalsy();
    expect(calls[2][1]).toBe(true);
    expect(typeof calls[2][0].transient.display_id).toBe("string");
  });
});

describe("displayMimeBundle", () => {
  it("sends one bundle of several MIME types as one display_data", () => {
    const calls: [DisplayMessage, boolean][] = [];
    jupyter.lastWriteDisplayData = (message, update) => calls.push([message, update]);
    displayMimeBundle({ "application/vnd.plotly.v1+json": { data: [], layout: {} }, "text/html": "<div></div>" });
    expect(calls).toEqual([
      [{ data: { "application/vnd.plotly.v1+json": { data: [], layout: {} }, "text/html": "<div></div>" }, metadata: {}, transient: {} }, false],
    ]);
    displayMimeBundle({ "text/plain": "x" }, { displayId: "abc", update: true });
    expect(calls[1]).toEqual([{ data: { "text/plain": "x" }, metadata: {}, transient: { display_id: "abc" } }, true]);
  });

  it("outside a kernel it says so", () => {
    expect(() => displayMimeBundle({ "text/plain": "x" })).toThrow(NotInNotebookError);
    expect(() => displayMimeBundle({ "text/plain": "x" })).toThrow(/tslab notebook kernel only/);
  });
});
