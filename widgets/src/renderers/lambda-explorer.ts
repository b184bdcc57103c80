/**
 * The λ explorer: a slider over the LASSO λ path. Each step shows the λ on the CV curve and on
 * the coefficient paths, the features selected there with their LASSO coefficients, and the
 * logistic regression refitted on them: its coefficients, its training and validation ROC with
 * AUC and DeLong CI, flagged where the fit does not converge or separates, with the penalised
 * LASSO score's AUC beside it. No kernel round trip: the browser runs kernel-lib's own
 * stats/lambda-model.ts (the code runStudy uses) on the z-scored columns the kernel sent, and
 * keeps each λ's model once computed. A slider step shows the LASSO's part at once (cheap); the
 * refit (up to 25 QRs, tens of ms) of a λ not yet computed runs after that frame is drawn, only
 * for the λ the slider rests on, while idle time computes the other λ nearest first, so the
 * slider never waits for a fit. "λ.min" / "λ.1se" snap the slider; "Use this λ" asks
 * the lab to insert `const model = rl.runStudy(table, { lambda: … })` below the cell (the
 * `radlab-insert-code` event, claimed by the lab's plugin), and copies it otherwise.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import {
  coefficientPathsFigure,
  LAMBDA_EXPLORER_MIME,
  type LambdaExplorerPayload,
  type LambdaModel,
  type LambdaModelInput,
  type LassoAtLambda,
  lassoAtLambda,
  lassoCvFigure,
  modelAtLambda,
  type RocResult,
  refitAtLambda,
  rocFigure,
} from "@radlab/kernel-lib/browser";
import Plotly from "plotly.js-dist-min";
import { button, el, formatNumber } from "./dom.js";
import { INSERT_CODE_EVENT, type InsertCodeDetail } from "./insert-code-event.js";
import { plotlyText } from "./plotly-text.js";
import { ensureStyle } from "./style.js";
import { validPayload } from "./validate.js";

const PLOT_CONFIG = { displaylogo: false, responsive: false };

/** The code that reproduces the model at λ in a notebook. */
export function useLambdaCode(option: string, lambda: number): string {
  return `const model = rl.runStudy(table, { ${option}: ${String(lambda)} })`;
}

/** "0.812 (95% CI 0.71–0.91)" */
function aucText(roc: RocResult | null): string {
  if (!roc) return "n/a (one outcome class)";
  return `${roc.auc.toFixed(3)} (95% CI ${roc.aucCi.low.toFixed(3)}–${roc.aucCi.high.toFixed(3)})`;
}

/** Plot size and margins of the CV-curve and coefficient-path plots (the λ marker is placed from them). */
const PATH_PLOT = { height: 340, margin: { l: 60, r: 20, t: 60, b: 50 } };

/**
 * The current-λ marker over a drawn plot: a thin DOM line placed from the plot's margins and
 * its x range (plotly.js writes the autoranged range back to the layout). Moving it costs no
 * Plotly redraw, which on a 60-trace coefficient-path plot takes hundreds of ms.
 */
class LambdaMarker {
  readonly line = el("div", { className: "radlab-lambda-marker", style: { position: "absolute", width: "2px", background: "#0072B2", pointerEvents: "none" } });

  constructor(
    private readonly plot: HTMLElement,
    private readonly width: number,
  ) {
    plot.style.position = "relative";
    plot.append(this.line);
  }

  move(x: number): void {
    const range = (this.plot as HTMLElement & { layout?: { xaxis?: { range?: [number, number] } } }).layout?.xaxis?.range;
    if (!range) return;
    const { l, r, t, b } = PATH_PLOT.margin;
    const px = l + ((x - range[0]) / (range[1] - range[0])) * (this.width - l - r);
    Object.assign(this.line.style, { left: `${px - 1}px`, top: `${t}px`, height: `${PATH_PLOT.height - t - b}px` });
  }
}

/** A MIME renderer of application/vnd.radlab.lambda-explorer.v1+json. */
export class LambdaExplorerRenderer extends Widget implements IRenderMime.IRenderer {
  private payload: LambdaExplorerPayload | null = null;
  private input: LambdaModelInput | null = null;
  private readonly models = new Map<number, LambdaModel>();
  private index = 0;
  private readonly cvPlot = el("div", { className: "radlab-lambda-cv" });
  private readonly pathPlot = el("div", { className: "radlab-lambda-paths" });
  private readonly rocPlot = el("div", { className: "radlab-lambda-roc" });
  private readonly slider = el("input", { className: "radlab-lambda-slider", attrs: { type: "range", min: "0", step: "1" } });
  private readonly lambdaLabel = el("div", { className: "radlab-lambda-value" });
  private readonly aucLabel = el("div", { className: "radlab-lambda-auc" });
  private readonly flags = el("div", { className: "radlab-lambda-flags" });
  private readonly featureList = el("tbody", { className: "radlab-lambda-features" });
  private readonly status = el("div", { className: "radlab-lambda-status" });
  private readonly agreement = el("div", { className: "radlab-lambda-agreement" });
  private markers: LambdaMarker[] = [];
  /** The λ whose ROC is waiting for the next animation frame (rapid slider moves draw only the last). */
  private rocPending: number | null = null;
  /** The λ whose refit waits for the step's frame to be drawn (rapid slider moves refit only the last), and when it was asked for. */
  private refitPending: { l: number; lasso: LassoAtLambda; since: number } | null = null;
  /** Background computation of the other λ values, so later slider steps are cache hits. */
  private warmUp: ReturnType<typeof setTimeout> | null = null;
  /**
   * Read by the benchmark, in ms (performance.now): the last slider update (synchronous part),
   * its model computation when it had one, and for a λ not yet computed the time from the step
   * to its refit's numbers shown.
   */
  lastUpdateMs = 0;
  lastComputeMs = 0;
  lastRefitShownMs = 0;

  constructor(_options?: IRenderMime.IRendererOptions) {
    super();
    this.addClass("radlab-lambda-explorer");
    ensureStyle();
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const payload = validPayload<LambdaExplorerPayload>(this.node, model, LAMBDA_EXPLORER_MIME, "λ explorer");
    if (!payload) return;
    const p = payload;
    this.payload = p;
    this.input = p.refit ? { features: p.features, a0: p.a0, beta: p.beta, training: p.refit.training, validation: p.refit.validation } : null;
    this.models.clear();
    this.slider.max = String(p.lambda.length - 1);
    this.slider.addEventListener("input", () => this.showLambda(Number(this.slider.value)));
    this.node.append(this.buildLayout(p));
    await this.drawPlots(p);
    this.showLambda(p.study.lambdaIndex);
    this.showAgreement(p);
    this.startWarmUp();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.warmUp !== null) clearTimeout(this.warmUp);
    for (const plot of [this.cvPlot, this.pathPlot, this.rocPlot]) Plotly.purge(plot);
    this.node.replaceChildren();
    super.dispose();
  }

  private buildLayout(p: LambdaExplorerPayload): HTMLElement {
    const header = el("div", {
      className: "radlab-lambda-header",
      text: `${p.source}: outcome ${p.outcome}, ${p.lambda.length} λ values, ${p.features.length} features on the path, CV ${p.measure}, seed ${p.seed}, radlab ${p.provenance.radlabVersion}`,
    });
    const controls = el("div", { className: "radlab-lambda-controls" }, [
      el("label", {}, [el("span", { text: "λ " }), this.slider]),
      button("λ.min", () => this.showLambda(p.indexMin), { className: "radlab-lambda-min" }),
      button("λ.1se", () => this.showLambda(p.index1se), { className: "radlab-lambda-1se" }),
      button("Use this λ", () => this.useThisLambda(), { className: "radlab-lambda-use" }),
      this.lambdaLabel,
    ]);
    const table = el("table", { className: "radlab-lambda-table" }, [
      el("thead", {}, [
        el(
          "tr",
          {},
          ["feature", "LASSO β (z)", "refit β", "OR", "p"].map((h) => el("th", { text: h })),
        ),
      ]),
      this.featureList,
    ]);
    const refitNote = p.refit
      ? []
      : [
          el("div", {
            className: "radlab-lambda-note",
            text: "No study table was given, so no refit or ROC: rl.lambdaExplorer(result, { studyTable: table })",
          }),
        ];
    return el("div", {}, [
      header,
      controls,
      el("div", { className: "radlab-lambda-row" }, [this.cvPlot, this.pathPlot]),
      el("div", { className: "radlab-lambda-row" }, [
        el("div", { className: "radlab-lambda-side" }, [this.aucLabel, this.flags, ...refitNote, table]),
        this.rocPlot,
      ]),
      this.agreement,
      this.status,
    ]);
  }

  private async drawPlots(p: LambdaExplorerPayload): Promise<void> {
    const cv = lassoCvFigure({
      lambda: p.lambda,
      cvm: p.cvm,
      cvsd: p.cvsd,
      nzero: p.nzero,
      lambdaMin: p.lambda[p.indexMin],
      lambda1se: p.lambda[p.index1se],
      measure: p.measure as "deviance",
    });
    const coefficients: Record<string, number[]> = Object.create(null);
    p.features.forEach((name, f) => {
      coefficients[plotlyText(name)] = p.beta[f];
    });
    const paths = coefficientPathsFigure({
      lambda: p.lambda,
      coefficients,
      selected: p.features.filter((_, f) => p.beta[f][p.indexMin] !== 0).map(plotlyText),
      lambdaMin: p.lambda[p.indexMin],
      lambda1se: p.lambda[p.index1se],
      nzero: p.nzero,
    });
    const widths = { cv: 500, paths: 540 };
    await Plotly.newPlot(this.cvPlot, cv.data, { ...cv.layout, ...PATH_PLOT, width: widths.cv }, PLOT_CONFIG);
    // The feature table beside it names the selected features; a legend would cover the paths.
    await Plotly.newPlot(this.pathPlot, paths.data, { ...paths.layout, ...PATH_PLOT, width: widths.paths, showlegend: false }, PLOT_CONFIG);
    this.markers = [new LambdaMarker(this.cvPlot, widths.cv), new LambdaMarker(this.pathPlot, widths.paths)];
  }

  /** Computes the λ values not yet visited, nearest to the slider's first, one per task while the page is idle. */
  private startWarmUp(): void {
    const p = this.payload;
    if (!p || !this.input) return;
    const next = () => {
      this.warmUp = null;
      const l = this.nearestUncomputed(p.lambda.length);
      if (l < 0 || this.isDisposed) return;
      this.modelAt(l);
      this.warmUp = setTimeout(next, 0);
    };
    this.warmUp = setTimeout(next, 50);
  }

  /** The λ index not yet computed that is nearest to the slider's (ties: the smaller λ first), or -1. */
  private nearestUncomputed(count: number): number {
    for (let d = 0; d < count; d++) {
      for (const l of [this.index + d, this.index - d]) if (l >= 0 && l < count && !this.models.has(l)) return l;
    }
    return -1;
  }

  /** The model at λ index l, computed once (from its LASSO part when that is at hand). */
  private modelAt(l: number, lasso?: LassoAtLambda): LambdaModel | null {
    if (!this.input) return null;
    let model = this.models.get(l);
    if (!model) {
      const start = performance.now();
      model = lasso ? { ...lasso, ...refitAtLambda(this.input, lasso) } : modelAtLambda(this.input, l);
      this.lastComputeMs = performance.now() - start;
      this.models.set(l, model);
    }
    return model;
  }

  /**
   * Moves to λ index l: marks, features, AUCs, ROC. Synchronous (the benchmark times it); for a
   * λ not yet computed it shows the LASSO's part and leaves the refit to {@link scheduleRefit}.
   */
  showLambda(l: number): void {
    const p = this.payload;
    if (!p) return;
    const start = performance.now();
    this.lastComputeMs = 0;
    this.index = l;
    this.slider.value = String(l);
    this.node.dataset.lambdaIndex = String(l);
    const lambda = p.lambda[l];
    const tags = [l === p.indexMin ? "λ.min" : "", l === p.index1se ? "λ.1se" : ""].filter(Boolean).join(", ");
    const model = this.models.get(l) ?? null;
    const lasso = model ?? (this.input ? lassoAtLambda(this.input, l) : null);
    const active = p.features.map((_, f) => f).filter((f) => p.beta[f][l] !== 0);
    this.lambdaLabel.textContent = `λ = ${formatNumber(lambda, 4)} (log λ = ${Math.log(lambda).toFixed(3)})${tags ? ` ${tags}` : ""}, #${l + 1} of ${p.lambda.length}: ${active.length} features, CV ${p.measure} ${formatNumber(p.cvm[l])} ± ${formatNumber(p.cvsd[l])}`;
    this.showFeatures(p, l, active, model);
    this.showAucs(lasso, model);
    for (const marker of this.markers) marker.move(Math.log(lambda));
    if (model) this.scheduleRoc(l);
    else if (lasso) this.scheduleRefit(l, lasso, start);
    this.lastUpdateMs = performance.now() - start;
  }

  /**
   * Refits λ index l once the step's frame is drawn (an animation frame, then a task), unless
   * the slider has moved on by then: only the λ it rests on is refitted.
   */
  private scheduleRefit(l: number, lasso: LassoAtLambda, since: number): void {
    const first = this.refitPending === null;
    this.refitPending = { l, lasso, since };
    if (!first) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        const pending = this.refitPending;
        this.refitPending = null;
        if (!pending || this.isDisposed || pending.l !== this.index) return;
        const model = this.modelAt(pending.l, pending.lasso);
        const p = this.payload;
        if (!p || !model) return;
        this.showFeatures(p, pending.l, model.selected, model);
        this.showAucs(model, model);
        this.drawRoc(model);
        this.lastRefitShownMs = performance.now() - pending.since;
      }, 0),
    );
  }

  private showFeatures(p: LambdaExplorerPayload, l: number, active: number[], model: LambdaModel | null): void {
    const refit = new Map(model?.logistic?.coefficients.slice(1).map((c, k) => [active[k], c]) ?? []);
    const rows = active.map((f) => {
      const c = refit.get(f);
      return el("tr", {}, [
        el("td", { text: p.features[f] }),
        el("td", { text: formatNumber(p.beta[f][l]) }),
        el("td", { text: c ? formatNumber(c.estimate) : "" }),
        el("td", { text: c ? formatNumber(c.oddsRatio) : "" }),
        el("td", { text: c ? formatNumber(c.p, 3) : "" }),
      ]);
    });
    if (rows.length === 0) rows.push(el("tr", {}, [el("td", { text: "no feature selected at this λ", attrs: { colspan: "5" } })]));
    this.featureList.replaceChildren(...rows);
  }

  /** The AUC lines and the refit's flags; `model` null while the refit of this λ is pending. */
  private showAucs(lasso: LassoAtLambda | null, model: LambdaModel | null): void {
    if (!lasso) {
      this.aucLabel.textContent = "AUC: needs the study table.";
      this.flags.replaceChildren();
      return;
    }
    const logistic = model?.rocLogistic;
    // Full-precision values for checks against runStudy (the text rounds to 3 digits); which λ they belong to.
    this.node.dataset.aucTraining = String(logistic?.training?.auc ?? "");
    this.node.dataset.aucValidation = String(logistic?.validation?.auc ?? "");
    this.node.dataset.refitIndex = model ? String(model.lambdaIndex) : "";
    this.aucLabel.replaceChildren(
      el("div", {
        className: "radlab-auc-logistic",
        text: !model
          ? `Logistic refit (${lasso.selected.length} features): computing …`
          : logistic
            ? `Logistic refit (${model.selected.length} features): AUC training ${aucText(logistic.training)}, validation ${aucText(logistic.validation)}`
            : `Logistic refit: none (${model.logisticError ?? "not fitted"})`,
      }),
      el("div", {
        className: "radlab-auc-lasso",
        text: `Penalised LASSO score: AUC training ${aucText(lasso.rocLasso.training)}, validation ${aucText(lasso.rocLasso.validation)}`,
      }),
    );
    const flags: string[] = [];
    const fit = model?.logistic;
    if (fit && !fit.converged) flags.push(`The refit did not converge in ${fit.iterations} iterations: its coefficients and AUC are not reliable.`);
    if (fit && fit.separation !== "none")
      flags.push(
        `${fit.separation === "complete" ? "Complete" : "Quasi-complete"} separation: fitted probabilities of 0 or 1; coefficients and odds ratios are unbounded.`,
      );
    for (const w of fit?.warnings ?? []) if (!flags.some((f) => f.includes(w))) flags.push(w);
    this.flags.replaceChildren(...flags.map((text) => el("div", { className: "radlab-flag", text: `⚠ ${text}` })));
  }

  /** Draws the ROC of λ index l (computed) at the next animation frame (only the latest of several quick steps). */
  private scheduleRoc(l: number): void {
    const first = this.rocPending === null;
    this.rocPending = l;
    if (!first) return;
    requestAnimationFrame(() => {
      const latest = this.rocPending;
      this.rocPending = null;
      if (latest !== null && !this.isDisposed) this.drawRoc(this.models.get(latest) ?? null);
    });
  }

  private drawRoc(model: LambdaModel | null): void {
    const rocs = model?.rocLogistic ?? model?.rocLasso;
    const curves = (["training", "validation"] as const).flatMap((group) => {
      const roc = rocs?.[group];
      if (!roc) return [];
      const name = `${group === "training" ? "Training" : "Validation"}${model?.rocLogistic ? "" : " (LASSO score)"}`;
      return [{ name, sensitivity: roc.sensitivities, specificity: roc.specificities, auc: roc.auc, ciLow: roc.aucCi.low, ciHigh: roc.aucCi.high }];
    });
    if (curves.length === 0) {
      Plotly.purge(this.rocPlot);
      return;
    }
    const figure = rocFigure({ curves });
    void Plotly.react(this.rocPlot, figure.data, { ...figure.layout, width: 420, height: 380, title: { text: "ROC at this λ" } }, PLOT_CONFIG);
  }

  /** Says whether the widget's numbers at the study's λ equal what runStudy reported. */
  private showAgreement(p: LambdaExplorerPayload): void {
    const model = this.modelAt(p.study.lambdaIndex);
    if (!model) return;
    const mine = model.rocLogistic;
    const same =
      mine?.training?.auc === p.study.aucTraining &&
      (mine?.validation?.auc ?? null) === p.study.aucValidation &&
      model.selected.map((f) => p.features[f]).join("\u0000") === p.study.selected.join("\u0000");
    this.agreement.textContent = same
      ? `At the study's λ (#${p.study.lambdaIndex + 1}) this widget reproduces runStudy: ${p.study.selected.length} features, AUC training ${p.study.aucTraining.toFixed(3)}, validation ${p.study.aucValidation?.toFixed(3) ?? "n/a"}.`
      : `At the study's λ (#${p.study.lambdaIndex + 1}) runStudy reported AUC training ${p.study.aucTraining} and validation ${p.study.aucValidation}; this widget computes ${mine?.training?.auc} and ${mine?.validation?.auc}: the study table is not the one the result was computed from.`;
    this.agreement.dataset.agrees = String(same);
  }

  /** Inserts the code of this λ below the cell (lab), or copies it. */
  private useThisLambda(): void {
    const p = this.payload;
    if (!p) return;
    const code = useLambdaCode(p.lambdaOption, p.lambda[this.index]);
    const event = new CustomEvent<InsertCodeDetail>(INSERT_CODE_EVENT, { detail: { code }, bubbles: true, cancelable: true, composed: true });
    const unclaimed = this.node.dispatchEvent(event);
    if (!unclaimed) {
      this.status.textContent = `Inserted below: ${code}`;
      return;
    }
    this.status.textContent = `Copy into a cell: ${code}`;
    navigator.clipboard?.writeText(code).then(
      () => {
        this.status.textContent = `Copied to the clipboard: ${code}`;
      },
      () => {
        // No clipboard permission (e.g. a static page over file://): the code stays shown to copy by hand.
      },
    );
  }
}

/** The λ explorer as a JupyterLab MIME extension. */
export const lambdaExplorerExtension: IRenderMime.IExtension = {
  id: "@radlab/widgets:lambda-explorer",
  rendererFactory: {
    safe: true,
    mimeTypes: [LAMBDA_EXPLORER_MIME],
    createRenderer: (options) => new LambdaExplorerRenderer(options),
  },
  rank: 0,
  dataType: "json",
};
