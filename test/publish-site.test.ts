/**
 * The parts of `radlab publish` that need no Jupyter and no browser: a notebook's page (every
 * string from data escaped, plotly.js cut out of outputs, figures and widgets kept as JSON for
 * the page's script, answer cells folded), the evidence found in outputs, and the reporting
 * checklists answered from a real study result. The whole command runs in test/e2e/publish.test.ts.
 */
import { describe, expect, it } from "vitest";
import { PLOTLY_MIME, plotlyFigureHtml } from "../kernel-lib/src/display/plotly-html.js";
import { RECORD_MIME } from "../kernel-lib/src/display/record.js";
import { LAMBDA_EXPLORER_MIME } from "../kernel-lib/src/display/widget-payloads.js";
import { collectEvidence } from "../kernel-lib/src/publish/evidence.js";
import type { Notebook } from "../kernel-lib/src/publish/notebook.js";
import { notebookBodyHtml, renderMarkdown } from "../kernel-lib/src/publish/notebook-html.js";
import { reportingItems, rqsPoints } from "../kernel-lib/src/publish/reporting.js";
import { seededRandom } from "../kernel-lib/src/stats/random.js";
import { runStudy } from "../kernel-lib/src/stats/study.js";
import { parseStudyTable } from "../kernel-lib/src/stats/table.js";

const HOSTILE = `<img src=x onerror="alert(1)">&`;

function studyCsv(): string {
  const random = seededRandom(11);
  const names = Array.from({ length: 12 }, (_, f) => `f${f}`);
  const lines = [["id", "set", "outcome", "foldid", ...names].join(",")];
  for (let i = 0; i < 90; i++) {
    const y = random.uniform() < 0.45 ? 1 : 0;
    const training = i < 60;
    const values = names.map((_, f) => (f < 3 ? y * (0.8 - 0.2 * f) : 0) + (random.uniform() - 0.5) * 4);
    lines.push([`p${i}`, training ? "training" : "validation", y, training ? (i % 5) + 1 : "", ...values.map((v) => v.toFixed(6))].join(","));
  }
  return lines.join("\n");
}

const result = runStudy(parseStudyTable(studyCsv(), { outcome: "outcome", split: "set", foldid: "foldid" }, "study.csv"), { bootstrapB: 20 });
const roc = { data: [{ type: "scatter", x: [0, 1], y: [0, 1] }], layout: { xaxis: { title: { text: "1 − Specificity" } }, width: 400, height: 300 } };

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", source: `# Title ${HOSTILE}\n\nText with <script>alert(2)</script> inline.` },
    {
      cell_type: "code",
      source: `console.log("${HOSTILE}")`,
      execution_count: 1,
      outputs: [
        { output_type: "stream", name: "stdout", text: [`${HOSTILE}\n`] },
        {
          output_type: "display_data",
          data: { [PLOTLY_MIME]: roc, "text/html": plotlyFigureHtml(roc as never, { includePlotlyJs: true }), "text/plain": "fig" },
        },
        { output_type: "display_data", data: { [LAMBDA_EXPLORER_MIME]: { note: `</script>${HOSTILE}` }, "text/html": "<p>fallback</p>", "text/plain": "λ" } },
        { output_type: "display_data", data: { [RECORD_MIME]: { kind: "study-result", result }, "text/plain": "recorded" } },
        { output_type: "display_data", data: { "text/markdown": `**Results (x).** ${HOSTILE}`, "text/plain": "r" } },
      ],
    },
    { cell_type: "code", source: "answer()", execution_count: 2, metadata: { jupyter: { source_hidden: true } }, outputs: [] },
  ],
};

describe("a notebook's page", () => {
  const html = notebookBodyHtml(notebook);
  it("escapes every string from data and from Markdown's raw HTML", () => {
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>alert(2)");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;");
    expect(renderMarkdown("a <b>b</b>")).toContain("&lt;b&gt;");
    // A payload cannot close its JSON <script> element.
    expect(html).not.toMatch(/<\/script><img/);
  });
  it("keeps figures and widgets as JSON for the page script, without plotly.js inline", () => {
    expect(html.length).toBeLessThan(100_000);
    expect(html).toContain('data-plot-for="rl-out-1"');
    expect(html).toMatch(/class="rl-widget" id="rl-out-2" data-mime="application\/vnd\.radlab\.lambda-explorer\.v1\+json"><p>fallback<\/p>/);
    expect(html).toContain('data-widget-for="rl-out-2"');
  });
  it("anchors every cell and folds the cells its author hid", () => {
    expect(html).toContain('id="cell-3"');
    expect(html).toMatch(/<details class="rl-code"><summary>cell 3 · answer/);
    expect(html).toMatch(/<details class="rl-code" open><summary>cell 2</);
  });
});

describe("the reporting page's answers", () => {
  const evidence = collectEvidence([{ name: "a.ipynb", page: "a.html", notebook }]);
  const items = reportingItems(evidence);
  it("finds the recorded result and where each kind of evidence is shown", () => {
    expect(evidence.result?.settings.seed).toBe(result.settings.seed);
    expect(evidence.locations.roc).toEqual([{ page: "a.html", notebook: "a.ipynb", cell: 2 }]);
    expect(evidence.locations["lambda-explorer"]?.length).toBe(1);
    expect(evidence.locations["results-paragraph"]?.length).toBe(1);
  });
  it("answers TRIPOD 16 and RQS 9 with the result's own numbers, and lists what a run cannot answer", () => {
    const t16 = items.find((i) => i.checklist === "TRIPOD 2015" && i.item === "16");
    expect(t16?.value).toContain(`AUC training ${result.roc.training.auc.toFixed(3)}`);
    const rqs9 = items.find((i) => i.checklist === "RQS" && i.item === "9");
    expect(rqs9?.points).toBe(2);
    expect(items.find((i) => i.checklist === "TRIPOD 2015" && i.item === "22")?.value).toBeNull();
    expect(items.find((i) => i.checklist === "RQS" && i.item === "10")?.points).toBe(2);
    expect(rqsPoints(items).points).toBe(3 + 0 + 1 + 2 + 2 + 2 + 2 + 1);
  });
  it("leaves the result's items unanswered without a recorded result", () => {
    const bare = reportingItems({ result: null, extraction: null, locations: {}, notebooks: ["a.ipynb"] });
    expect(bare.find((i) => i.item === "16")?.value).toBeNull();
    expect(rqsPoints(bare).answered).toBe(1);
  });
});
