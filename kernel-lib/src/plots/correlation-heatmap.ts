/**
 * Feature correlation heat map, clustered: Pearson r between every pair of features, rows and
 * columns in the leaf order of an average-linkage hierarchical clustering on the distance
 * 1 − |r| (R: `hclust(as.dist(1 - abs(cor(x))), method = "average")$order`), so redundant
 * features sit together in blocks.
 */
import { RadlabInputError } from "../errors.js";
import { requireFiniteArray } from "./checks.js";
import type { PlotlyFigure } from "./figure.js";
import { journalLayout, journalTitle } from "./theme.js";

/** What {@link correlationHeatmapFigure} draws: the features whose Pearson correlations it shows. */
export interface CorrelationInput {
  /** Feature name → its values over patients (all of one length). */
  features: Record<string, ArrayLike<number>>;
}

/** Options of {@link correlationHeatmapFigure}. */
export interface CorrelationOptions {
  title?: string;
  /** Cluster the order (default true); false keeps the input order. */
  cluster?: boolean;
  /** Print feature names on the axes (default: when there are at most 40). */
  showLabels?: boolean;
}

const FIGURE = "Correlation heat map";

/** Pearson correlation matrix of columns (n − 1 denominators cancel). */
export function correlationMatrix(columns: ArrayLike<number>[]): number[][] {
  const p = columns.length;
  const n = columns[0].length;
  const centred = columns.map((col) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i];
    mean /= n;
    const c = new Float64Array(n);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      c[i] = col[i] - mean;
      ss += c[i] * c[i];
    }
    return { c, norm: Math.sqrt(ss) };
  });
  const r: number[][] = Array.from({ length: p }, () => new Array(p).fill(0));
  for (let a = 0; a < p; a++) {
    r[a][a] = 1;
    for (let b = a + 1; b < p; b++) {
      const ca = centred[a].c;
      const cb = centred[b].c;
      let s = 0;
      for (let i = 0; i < n; i++) s += ca[i] * cb[i];
      const v = s / (centred[a].norm * centred[b].norm);
      r[a][b] = v;
      r[b][a] = v;
    }
  }
  return r;
}

/**
 * Leaf order of average-linkage (UPGMA) agglomerative clustering of a distance matrix. At each
 * step the closest pair of clusters merges (ties: the first pair in index order) and the
 * merged cluster lists the lower-indexed cluster's leaves first. The clusters are hclust's;
 * the left/right orientation of a branch may differ from R's plot, which does not change the
 * blocks. O(p³), fine for the few hundred features of a study.
 */
export function averageLinkageOrder(distance: number[][]): number[] {
  const p = distance.length;
  if (p <= 2) return [...Array(p).keys()];
  // Each live cluster: its members in leaf order and its size; d holds cluster distances.
  const members: (number[] | null)[] = Array.from({ length: p }, (_, i) => [i]);
  const d = distance.map((row) => [...row]);
  for (let step = 0; step < p - 1; step++) {
    let best = Infinity;
    let a = -1;
    let b = -1;
    for (let i = 0; i < p; i++) {
      if (!members[i]) continue;
      for (let j = i + 1; j < p; j++) {
        if (!members[j]) continue;
        if (d[i][j] < best) {
          best = d[i][j];
          a = i;
          b = j;
        }
      }
    }
    const ma = members[a] as number[];
    const mb = members[b] as number[];
    // Lance–Williams update for average linkage: d(k, a∪b) = (|a| d(k,a) + |b| d(k,b)) / (|a| + |b|).
    for (let k = 0; k < p; k++) {
      if (!members[k] || k === a || k === b) continue;
      const v = (ma.length * d[k][a] + mb.length * d[k][b]) / (ma.length + mb.length);
      d[k][a] = v;
      d[a][k] = v;
    }
    members[a] = [...ma, ...mb];
    members[b] = null;
  }
  return members.find((m) => m !== null) as number[];
}

/** The smallest labelled matrix, in pixels: 10 features get cells of 44 px, room for names on two lines. */
const MIN_LABELLED_SIDE = 440;

/**
 * The row labels: "name k", k the row's number, which is also its column's label (names
 * written under the columns took as much height as the matrix). A name longer than 24
 * characters breaks at the underscore nearest its middle when a cell holds two lines and
 * the longer line is at most three quarters of the name.
 * Returns the tick texts and every line, for the margin.
 */
export function rowLabels(names: string[], fontSize: number, cell: number): { text: string[]; lines: string[] } {
  const twoLines = cell >= 2 * fontSize + 8;
  const split = names.map((name, k) => {
    const label = `${name} ${k + 1}`;
    if (!twoLines || label.length <= 24) return [label];
    const middle = label.length / 2;
    let at = -1;
    for (let i = label.indexOf("_"); i >= 0; i = label.indexOf("_", i + 1)) if (at < 0 || Math.abs(i - middle) < Math.abs(at - middle)) at = i;
    // Worth a second line only when it shortens the label by a quarter ("stat_" alone on a line is not).
    return at < 0 || Math.max(at + 1, label.length - at - 1) > 0.75 * label.length ? [label] : [label.slice(0, at + 1), label.slice(at + 1)];
  });
  return { text: split.map((lines) => lines.join("<br>")), lines: split.flat() };
}

/** Builds the clustered heat map. Throws with fewer than two features or patients, ragged or constant columns. */
export function correlationHeatmapFigure(input: CorrelationInput, options: CorrelationOptions = {}): PlotlyFigure {
  const names = Object.keys(input.features ?? {});
  if (names.length < 2) throw new RadlabInputError(`${FIGURE}: needs at least two features, got ${names.length}`);
  const columns = names.map((name) => input.features[name]);
  for (const [k, col] of columns.entries()) {
    requireFiniteArray(FIGURE, `feature "${names[k]}"`, col, 3);
    if (col.length !== columns[0].length)
      throw new RadlabInputError(`${FIGURE}: feature "${names[k]}" has ${col.length} values but "${names[0]}" has ${columns[0].length}`);
    let constant = true;
    for (let i = 1; i < col.length && constant; i++) constant = col[i] === col[0];
    if (constant) throw new RadlabInputError(`${FIGURE}: feature "${names[k]}" is constant, its correlation is undefined`);
  }
  const r = correlationMatrix(columns);
  const order = options.cluster === false ? names.map((_, i) => i) : averageLinkageOrder(r.map((row) => row.map((v) => 1 - Math.abs(v))));
  const labels = order.map((i) => names[i]);
  // Four decimals are more than a colour can show and keep a 432-feature figure near 1 MB, not 4.
  const z = order.map((i) => order.map((j) => Math.round(r[i][j] * 1e4) / 1e4));
  const showLabels = options.showLabels ?? names.length <= 40;
  const fontSize = names.length > 25 ? 9 : 11;
  const side = showLabels ? Math.max(MIN_LABELLED_SIDE, Math.min(760, (fontSize + 7) * names.length)) : 700;
  const rows = rowLabels(labels, fontSize, side / names.length);
  // The row labels' margin from their longest line; the columns carry only their numbers.
  const labelMargin = showLabels ? Math.ceil(Math.max(...rows.lines.map((l) => l.length)) * fontSize * 0.58) + 10 : 10;
  const bottom = showLabels ? 2 * fontSize + 14 : 10;
  const top = options.title ? 60 : 30;
  const axis = (ticktext: string[], extra: Record<string, unknown>) => ({
    showgrid: false,
    zeroline: false,
    showline: false,
    ticks: "",
    showticklabels: showLabels,
    tickmode: "array",
    tickvals: labels,
    ticktext,
    tickfont: { size: fontSize },
    automargin: false,
    ...extra,
  });
  return {
    data: [
      {
        type: "heatmap",
        name: "Pearson r",
        x: labels,
        y: labels,
        z,
        zmin: -1,
        zmax: 1,
        // ColorBrewer RdBu, reversed (blue negative, red positive): colour-blind safe and diverging at 0.
        colorscale: [
          [0, "#2166ac"],
          [0.25, "#67a9cf"],
          [0.5, "#f7f7f7"],
          [0.75, "#ef8a62"],
          [1, "#b2182b"],
        ],
        colorbar: {
          title: { text: "Pearson r", side: "right" },
          thickness: 14,
          len: Math.min(1, 300 / side),
          outlinewidth: 0,
          tickvals: [-1, -0.5, 0, 0.5, 1],
        },
        hovertemplate: "%{y}<br>%{x}<br>r = %{z:.3f}<extra></extra>",
      },
    ],
    layout: journalLayout({
      // Centred over the matrix (the plot area), not on the canvas the row labels widen.
      ...(options.title ? { title: { ...journalTitle(options.title), x: 0.5, xanchor: "center" } } : {}),
      width: side + labelMargin + 110,
      height: side + top + bottom,
      margin: { l: labelMargin, r: 110, t: top, b: bottom },
      xaxis: axis(
        labels.map((_, k) => String(k + 1)),
        { tickangle: 0, constrain: "domain" },
      ),
      yaxis: axis(rows.text, { autorange: "reversed", scaleanchor: "x", scaleratio: 1, constrain: "domain" }),
    }),
  };
}
