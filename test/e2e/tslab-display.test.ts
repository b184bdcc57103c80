/**
 * show() inside tslab's own executor: a cell is compiled by tslab's TypeScript to CommonJS
 * (as in a notebook), loads radlab's built display module and sends its bundle through
 * tslab's lastWriteDisplayData, as the kernel wires it for each cell. Needs `npm run build`.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DisplayMessage } from "../../kernel-lib/src/display/tslab.js";
import { REPO_ROOT } from "../../kernel-lib/test/reference.js";

const require = createRequire(import.meta.url);
const DIST = join(REPO_ROOT, "kernel-lib", "dist", "index.js");

interface Executor {
  execute(src: string): Promise<boolean>;
  close(): void;
}

describe.runIf(existsSync(DIST))("show() in a tslab cell", () => {
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: ((m: DisplayMessage, update: boolean) => void) | null };
  const sent: DisplayMessage[] = [];
  const errors: unknown[] = [];
  let executor: Executor;
  let close: () => void;

  beforeAll(() => {
    const { createConverter } = require("tslab/dist/converter");
    const { createExecutor } = require("tslab/dist/executor");
    const node = createConverter();
    const browser = createConverter({ isBrowser: true });
    close = () => {
      node.close();
      browser.close();
    };
    executor = createExecutor(REPO_ROOT, { node, browser, close }, { log: () => {}, error: (...e: unknown[]) => errors.push(e) });
    // What tslab's kernel does at the start of every cell.
    jupyter.lastWriteDisplayData = (message) => void sent.push(message);
  });
  afterAll(() => {
    jupyter.lastWriteDisplayData = null;
    executor?.close();
  });

  it("a figure cell sends one bundle: Plotly JSON, HTML with plotly.js, text", async () => {
    const ok = await executor.execute(
      [
        'import { show } from "./kernel-lib/dist/index.js";',
        'import { lassoCvFigure } from "./kernel-lib/dist/plots/lasso-cv.js";',
        'const figure = lassoCvFigure({ lambda: [0.2, 0.1, 0.05], cvm: [1.3, 1.2, 1.25], cvsd: [0.1, 0.1, 0.1], nzero: [0, 2, 4], lambdaMin: 0.1, lambda1se: 0.2, measure: "deviance" });',
        "show(figure);",
        "show(figure);",
      ].join("\n"),
    );
    expect(errors.map(String)).toEqual([]);
    expect(ok).toBe(true);
    expect(sent).toHaveLength(2);
    expect(Object.keys(sent[0].data)).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    expect((sent[0].data["text/html"] as string).length).toBeGreaterThan(1_000_000);
    expect((sent[1].data["text/html"] as string).length).toBeLessThan(20_000);
  }, 120_000);
});
