import * as aq from "arquero";
import { beforeEach, describe, expect, it } from "vitest";
import { PLOTLY_MIME, plotlyFigureHtml, scriptJson } from "../src/display/plotly-html.js";
import { figureBundle, plotlyJsPending, resetNotebookState, show, toMimeBundle, toMimeBundles } from "../src/display/show.js";
import { arqueroTableHtml, formatCell } from "../src/display/table-html.js";
import type { DisplayMessage, TslabJupyter } from "../src/display/tslab.js";
import { lassoCvFigure } from "../src/plots/lasso-cv.js";
import { figuresFromStudyResult } from "../src/plots/study-result.js";
import { coefficientTable } from "../src/plots/tables.js";
import { referenceCohort, referenceStudyResult, SMALL_LASSO_CV } from "./plots-fixtures.js";
import { describeOracle } from "./reference.js";

const figure = lassoCvFigure(SMALL_LASSO_CV);

/** A stand-in for tslab's module that records what would go to the notebook. */
function recorder(): TslabJupyter & { sent: DisplayMessage[] } {
  const sent: DisplayMessage[] = [];
  return { sent, lastWriteDisplayData: (message) => void sent.push(message) };
}

beforeEach(() => resetNotebookState());

describe("figure bundle", () => {
  it("carries the Plotly JSON, an HTML fallback that draws it, and a text summary", () => {
    const bundle = figureBundle(figure);
    expect(Object.keys(bundle)).toEqual([PLOTLY_MIME, "text/html", "text/plain"]);
    expect(bundle[PLOTLY_MIME]).toEqual({
      data: figure.data,
      layout: figure.layout,
      config: { displaylogo: false, toImageButtonOptions: { format: "svg", filename: "radlab-figure" } },
    });
    const html = bundle["text/html"] as string;
    expect(html).toMatch(/<div id="radlab-plot-[0-9a-f]{12}" class="radlab-plot" style="width:640px;height:480px"><\/div>/);
    expect(html).toContain("window.Plotly.newPlot(");
    expect(html).toContain(scriptJson(figure.data));
    expect(html.length).toBeLessThan(20_000); // no plotly.js inside
    expect(bundle["text/plain"]).toBe("<Plotly figure: 1 trace>");
  });

  it("plotly.js inline on request, with RequireJS's define hidden while it loads", () => {
    const html = plotlyFigureHtml(figure, { includePlotlyJs: true, divId: "f" });
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(html.indexOf("window.define = undefined")).toBeLessThan(html.indexOf('newPlot("f"'));
    expect(html).toContain("__radlabPlotlyQueue");
  });

  it("JSON inside a script cannot close it", () => {
    expect(scriptJson({ name: "</script><script>alert(1)</script>" })).not.toContain("</script>");
    expect(JSON.parse(scriptJson({ name: "</script>" }))).toEqual({ name: "</script>" });
  });
});

describe("show", () => {
  it("sends plotly.js with the first figure of the kernel process only", () => {
    const jupyter = recorder();
    expect(plotlyJsPending()).toBe(true);
    show(figure, { jupyter });
    show(figure, { jupyter });
    expect(jupyter.sent).toHaveLength(2);
    const [first, second] = jupyter.sent.map((m) => m.data["text/html"] as string);
    expect(first.length).toBeGreaterThan(1_000_000);
    expect(second.length).toBeLessThan(20_000);
    expect(plotlyJsPending()).toBe(false);
    resetNotebookState();
    show(figure, { jupyter });
    expect((jupyter.sent[2].data["text/html"] as string).length).toBeGreaterThan(1_000_000);
  });

  it("tables: a formatted table as HTML, an arquero table with a row and column limit", () => {
    const table = coefficientTable({ rows: [{ term: "a", estimate: 0.5, se: 0.2, p: 0.01 }] });
    expect(toMimeBundle(table)["text/html"]).toContain('<table class="radlab-table"');
    const columns: Record<string, number[]> = {};
    for (let c = 0; c < 40; c++) columns[`f${c}`] = Array.from({ length: 50 }, (_, r) => r + c / 7);
    const html = toMimeBundle(aq.table(columns))["text/html"] as string;
    expect(html).toContain("50 rows × 40 columns (30 rows and 10 columns not shown)");
    expect(html.match(/<tr>/g)).toHaveLength(1 + 20 + 1); // header, 20 rows, the ⋮ row
    expect(html).toContain(">f39<");
    expect(html).not.toContain(">f30<");
    expect(html).toContain(">49.14<"); // 49 + 1/7 to 4 significant digits
  });

  it("a value radlab cannot show is a clear error", () => {
    expect(() => toMimeBundles(42)).toThrow(/cannot display number; expected a Plotly figure/);
    expect(() => show(new Map(), { jupyter: recorder() })).toThrow(/cannot display Map/);
  });
});

describe("number formatting in tables", () => {
  it("integers as they are, others to 4 significant digits, tiny and huge in exponent form", () => {
    expect(formatCell(432)).toBe("432");
    expect(formatCell(0.123456789)).toBe("0.1235");
    expect(formatCell(-2.5)).toBe("−2.5");
    expect(formatCell(1.23456e-5)).toBe("1.235e-5");
    expect(formatCell(12345678.9)).toBe("1.235e+7");
    expect(formatCell(Number.NaN)).toBe("NaN");
    expect(formatCell(null)).toBe("");
    expect(formatCell("T2")).toBe("T2");
  });
  it("text columns left, numbers right", () => {
    const html = arqueroTableHtml(aq.table({ id: ["a", "b"], x: [1.5, 2] }));
    expect(html).toMatch(/text-align:left">a</);
    expect(html).toMatch(/text-align:right">1.5</);
  });
});

describeOracle("show(study result)", () => {
  it("the output of figuresFromStudyResult shows the same way", () => {
    const jupyter = recorder();
    show(figuresFromStudyResult(referenceStudyResult("radiomics_sim"), referenceCohort("radiomics_sim")), { jupyter });
    expect(jupyter.sent.filter((m) => PLOTLY_MIME in m.data)).toHaveLength(9);
    expect(jupyter.sent.filter((m) => (m.data["text/html"] as string).length > 1_000_000)).toHaveLength(1);
  });

  it("one output per figure and table, plotly.js once, and a note of what was not drawn", () => {
    const jupyter = recorder();
    show(referenceStudyResult("radiomics_sim"), { jupyter, ...referenceCohort("radiomics_sim") });
    const figures = jupyter.sent.filter((m) => PLOTLY_MIME in m.data);
    expect(figures).toHaveLength(9);
    expect(figures.filter((m) => (m.data["text/html"] as string).length > 1_000_000)).toHaveLength(1);
    expect(jupyter.sent.filter((m) => (m.data["text/html"] as string | undefined)?.startsWith("<table"))).toHaveLength(4);
    expect(jupyter.sent[jupyter.sent.length - 1].data["text/plain"]).toMatch(/Not drawn:\n {2}coefficient-paths: /);
  });
});
