/**
 * The feature table: every feature column × every case in JupyterLab's own data grid
 * (@lumino/datagrid, virtualised, drawn on a canvas so no cell is ever HTML). Columns are
 * grouped by family under a merged family header, with units where known; click a column
 * header to select it (click again to sort descending, again ascending); filter the rows by
 * set and outcome, the columns by family and by a search over column names, the study's
 * aliases ("Inertia Angle 135 Offset 4") and short names ("Inertia_angle135_offset4"). The
 * selected column's distribution by outcome (box plot) and its univariate AUC (DeLong CI,
 * kernel-lib's rocCurve) show beside the grid.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { BasicSelectionModel, type CellGroup, DataGrid, DataModel } from "@lumino/datagrid";
import { Widget } from "@lumino/widgets";
import { FEATURE_TABLE_MIME, type FeatureTableColumn, type FeatureTablePayload, featureBoxplotFigure, rocCurve } from "@radlab/kernel-lib/browser";
import Plotly from "plotly.js-dist-min";
import { el, formatNumber } from "./dom.js";
import { plotlyText } from "./plotly-text.js";
import { ensureStyle } from "./style.js";
import { validPayload } from "./validate.js";

/** Search key: lower case, spaces, underscores and hyphens dropped (as the feature catalog's alias lookup). */
export function searchKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, "");
}

/** The grid's view of the payload: shown rows (filtered, sorted) × shown columns (filtered). */
class FeatureGridModel extends DataModel {
  rows: number[] = [];
  columns: number[] = [];
  private groups: CellGroup[] = [];

  constructor(private readonly payload: FeatureTablePayload) {
    super();
  }

  /** Replaces the shown rows and columns and tells the grid. */
  show(rows: number[], columns: number[]): void {
    this.rows = rows;
    this.columns = columns;
    this.groups = [];
    columns.forEach((c, n) => {
      const family = this.payload.columns[c].family;
      const last = this.groups[this.groups.length - 1];
      if (last && this.payload.columns[this.columns[last.c1]].family === family) last.c2 = n;
      else this.groups.push({ r1: 0, r2: 0, c1: n, c2: n });
    });
    this.emitChanged({ type: "model-reset" });
  }

  rowCount(region: DataModel.RowRegion): number {
    return region === "body" ? this.rows.length : 2;
  }

  columnCount(region: DataModel.ColumnRegion): number {
    return region === "body" ? this.columns.length : 1;
  }

  data(region: DataModel.CellRegion, row: number, column: number): string {
    const p = this.payload;
    if (region === "corner-header") return row === 0 ? "family" : "id";
    if (region === "row-header") return p.ids[this.rows[row]];
    const c = p.columns[this.columns[column]];
    if (region === "column-header") return row === 0 ? c.family : c.unit ? `${c.name} (${c.unit})` : c.name;
    const v = c.values[this.rows[row]];
    return v === null ? "NaN" : formatNumber(v, 5);
  }

  override groupCount(region: DataModel.CellRegion): number {
    return region === "column-header" ? this.groups.length : 0;
  }

  override group(region: DataModel.CellRegion, groupIndex: number): CellGroup | null {
    return region === "column-header" ? (this.groups[groupIndex] ?? null) : null;
  }
}

/** A MIME renderer of application/vnd.radlab.feature-table.v1+json. */
export class FeatureTableRenderer extends Widget implements IRenderMime.IRenderer {
  private payload: FeatureTablePayload | null = null;
  private model: FeatureGridModel | null = null;
  private grid: DataGrid | null = null;
  private readonly gridHost = el("div", { className: "radlab-feature-grid" });
  private readonly search = el("input", {
    className: "radlab-feature-search",
    attrs: { type: "search", placeholder: "column name or alias, e.g. Inertia_angle135_offset4" },
  });
  private readonly familyFilter = el("select", { className: "radlab-feature-family" });
  private readonly setFilter = el("select", { className: "radlab-feature-set" });
  private readonly outcomeFilter = el("select", { className: "radlab-feature-outcome" });
  private readonly summary = el("div", { className: "radlab-feature-summary" });
  private readonly detailText = el("div", {
    className: "radlab-feature-detail-text",
    text: "Select a column (click its header) for its box plot by outcome and its AUC.",
  });
  private readonly boxPlot = el("div", { className: "radlab-feature-boxplot" });
  private selected: number | null = null;
  private sort: { column: number; descending: boolean } | null = null;

  constructor(_options?: IRenderMime.IRendererOptions) {
    super();
    this.addClass("radlab-feature-table");
    ensureStyle();
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const payload = validPayload<FeatureTablePayload>(this.node, model, FEATURE_TABLE_MIME, "feature table");
    if (!payload) return;
    const p = payload;
    this.payload = p;
    this.node.append(this.controls(p), this.summary, this.gridHost, el("div", { className: "radlab-feature-detail" }, [this.detailText, this.boxPlot]));
    this.model = new FeatureGridModel(p);
    const grid = new DataGrid({ defaultSizes: { rowHeight: 20, columnWidth: 150, rowHeaderWidth: 90, columnHeaderHeight: 20 } });
    grid.dataModel = this.model;
    grid.selectionModel = new BasicSelectionModel({ dataModel: this.model, selectionMode: "column" });
    grid.node.addEventListener("mousedown", (event) => this.onGridMouseDown(event), true);
    this.grid = grid;
    if (this.isAttached) Widget.attach(grid, this.gridHost);
    this.refresh();
  }

  protected override onAfterAttach(): void {
    if (this.grid && !this.grid.isAttached) Widget.attach(this.grid, this.gridHost);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.grid?.dispose();
    this.grid = null;
    Plotly.purge(this.boxPlot);
    this.node.replaceChildren();
    super.dispose();
  }

  private controls(p: FeatureTablePayload): HTMLElement {
    const options = (select: HTMLSelectElement, values: [string, string][]) => {
      select.replaceChildren(...values.map(([value, text]) => el("option", { text, attrs: { value } })));
      select.addEventListener("change", () => this.refresh());
    };
    options(this.familyFilter, [["", "all families"], ...p.families.map((f): [string, string] => [f.family, `${f.family} (${f.count})`])]);
    const sets = [...new Set(p.set?.values.filter((v): v is string => v !== null) ?? [])];
    options(this.setFilter, [["", p.set ? `all ${p.set.name}` : "no set column"], ...sets.map((s): [string, string] => [s, s])]);
    options(this.outcomeFilter, [
      ["", p.outcome ? `all ${p.outcome.name}` : "no outcome column"],
      ...(p.outcome ? (["0", "1"] as const).map((v): [string, string] => [v, `${p.outcome?.name} = ${v}`]) : []),
    ]);
    this.search.addEventListener("input", () => this.refresh());
    this.search.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && this.model?.columns.length) this.select(this.model.columns[0]);
    });
    return el("div", { className: "radlab-feature-controls" }, [
      el("label", {}, [el("span", { text: "Find column " }), this.search]),
      this.familyFilter,
      this.setFilter,
      this.outcomeFilter,
    ]);
  }

  /** The rows passing the set and outcome filters, sorted when a sort is set. */
  private shownRows(p: FeatureTablePayload): number[] {
    const set = this.setFilter.value;
    const outcome = this.outcomeFilter.value;
    const rows = p.ids.map((_, r) => r).filter((r) => (!set || p.set?.values[r] === set) && (!outcome || p.outcome?.values[r] === Number(outcome)));
    if (this.sort) {
      const values = p.columns[this.sort.column].values;
      const sign = this.sort.descending ? -1 : 1;
      // NaN (null) last in both directions.
      rows.sort((a, b) => (values[a] === null ? 1 : values[b] === null ? -1 : sign * ((values[a] as number) - (values[b] as number))) || a - b);
    }
    return rows;
  }

  /** The columns passing the family filter and the search. */
  private shownColumns(p: FeatureTablePayload): number[] {
    const family = this.familyFilter.value;
    const key = searchKey(this.search.value);
    const matches = (c: FeatureTableColumn) => !key || [c.name, c.alias ?? "", c.shortName ?? ""].some((text) => searchKey(text).includes(key));
    return p.columns.map((_, c) => c).filter((c) => (!family || p.columns[c].family === family) && matches(p.columns[c]));
  }

  private refresh(): void {
    const p = this.payload;
    if (!p || !this.model) return;
    const rows = this.shownRows(p);
    const columns = this.shownColumns(p);
    this.model.show(rows, columns);
    this.node.dataset.shownColumns = String(columns.length);
    // The first case shown (the grid draws on a canvas): lets a test check the sort order.
    this.node.dataset.firstCase = rows.length > 0 ? p.ids[rows[0]] : "";
    const sortText = this.sort ? `; sorted by ${p.columns[this.sort.column].name} ${this.sort.descending ? "descending" : "ascending"}` : "";
    this.summary.textContent = `${p.source}: ${rows.length} of ${p.ids.length} cases × ${columns.length} of ${p.columns.length} features${sortText}; radlab ${p.provenance.radlabVersion}`;
    if (columns.length === 1 && this.selected !== columns[0]) this.select(columns[0]);
    else if (this.selected !== null) this.showDetail(this.selected, rows);
  }

  /** A click on a column header selects the column; a click on the selected one cycles its sort. */
  private onGridMouseDown(event: MouseEvent): void {
    const hit = this.grid?.hitTest(event.clientX, event.clientY);
    if (hit?.region !== "column-header" || !this.model) return;
    const column = this.model.columns[hit.column];
    if (column === undefined) return;
    if (this.selected === column) {
      this.sort = this.sort?.column === column && this.sort.descending ? { column, descending: false } : { column, descending: true };
      this.refresh();
    } else this.select(column);
  }

  /** Selects a column: its box plot by outcome and its univariate AUC. */
  select(column: number): void {
    this.selected = column;
    const p = this.payload;
    if (p) this.node.dataset.selectedColumn = p.columns[column].name;
    this.showDetail(column, this.model?.rows ?? []);
  }

  private showDetail(column: number, rows: number[]): void {
    const p = this.payload;
    if (!p) return;
    const c = p.columns[column];
    const alias = c.alias ? ` ("${c.alias}"${c.shortName ? `, ${c.shortName}` : ""})` : "";
    const unit = c.unit ? `, unit ${c.unit}` : "";
    const usable = rows.filter((r) => c.values[r] !== null && (p.outcome?.values[r] === 0 || p.outcome?.values[r] === 1));
    if (!p.outcome || usable.length === 0) {
      this.detailText.textContent = `${c.name}${alias}${unit}: no outcome to compare by.`;
      Plotly.purge(this.boxPlot);
      return;
    }
    const values = usable.map((r) => c.values[r] as number);
    const outcome = usable.map((r) => p.outcome?.values[r] as number);
    const cases = outcome.filter((y) => y === 1).length;
    let aucText = "AUC n/a (one outcome class in the shown rows)";
    if (cases > 0 && cases < outcome.length) {
      const roc = rocCurve({ scores: values, outcome });
      aucText = `univariate AUC ${roc.auc.toFixed(3)} (95% CI ${roc.aucCi.low.toFixed(3)}–${roc.aucCi.high.toFixed(3)}, DeLong; higher values ${roc.auc >= 0.5 ? "in" : "against"} ${p.outcome.name} = 1)`;
    }
    this.detailText.textContent = `${c.name}${alias}${unit}: ${aucText}; ${usable.length} cases`;
    this.node.dataset.auc = aucText;
    if (cases === 0 || cases === outcome.length) {
      Plotly.purge(this.boxPlot);
      return;
    }
    const name = plotlyText(c.name);
    const figure = featureBoxplotFigure({ features: { [name]: values }, outcome, outcomeLabels: [`${p.outcome.name} = 0`, `${p.outcome.name} = 1`] });
    void Plotly.react(this.boxPlot, figure.data, { ...figure.layout, width: 420, height: 320 }, { displaylogo: false });
  }
}

/** The feature table as a JupyterLab MIME extension. */
export const featureTableExtension: IRenderMime.IExtension = {
  id: "@radlab/widgets:feature-table",
  rendererFactory: {
    safe: true,
    mimeTypes: [FEATURE_TABLE_MIME],
    createRenderer: (options) => new FeatureTableRenderer(options),
  },
  rank: 0,
  dataType: "json",
};
