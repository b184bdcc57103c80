import { afterEach, describe, expect, it } from "vitest";
import { run } from "../src/cli/figures.js";
import { ChromiumNotFoundError, chromiumPath, dataUrlToBuffer, exportFigure } from "../src/plots/export.js";

const saved = process.env.RADLAB_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.RADLAB_CHROMIUM;
  else process.env.RADLAB_CHROMIUM = saved;
});

describe("figure export without a browser", () => {
  it("no Chromium: an error naming the path and how to install it", async () => {
    process.env.RADLAB_CHROMIUM = "/nonexistent/chromium";
    expect(() => chromiumPath()).toThrow(ChromiumNotFoundError);
    const error = await exportFigure({ data: [], layout: {} }, "/tmp/never.png").catch((e) => e);
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect(error.message).toContain("Chromium not found at /nonexistent/chromium");
    expect(error.message).toContain("apt-get install chromium");
    expect(error.message).toContain("RADLAB_CHROMIUM");
  });

  it("decodes Plotly.toImage's data URLs: base64 PNG and percent-encoded SVG", () => {
    expect(dataUrlToBuffer("data:image/png;base64,iVBORw0K").subarray(0, 4).toString("latin1")).toBe("\x89PNG");
    expect(dataUrlToBuffer("data:image/svg+xml,%3Csvg%20width%3D%2210%22%3E").toString()).toBe('<svg width="10">');
  });

  it("radlab figures: missing options and unreadable files are clear errors", async () => {
    await expect(run(["--out", "/tmp/x"])).rejects.toThrow(/missing --result/);
    await expect(run(["--result", "/nonexistent/result.json", "--out", "/tmp/x"])).rejects.toThrow(/cannot read study result \/nonexistent\/result.json/);
    await expect(run(["--result", "r.json", "--volume", "v.nii", "--out", "/tmp/x"])).rejects.toThrow(/--volume and --mask go together/);
    await expect(run(["--result", "r.json", "--format", "jpg", "--out", "/tmp/x"])).rejects.toThrow(/--format takes png and\/or svg/);
  });
});
