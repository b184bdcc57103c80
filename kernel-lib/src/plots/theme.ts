/**
 * One journal-style look for every radlab figure: a sans-serif font at print size, black axis
 * lines with outside ticks, no grid lines or coloured background, and the Okabe–Ito palette,
 * which stays distinguishable under the common colour-vision deficiencies
 * (Okabe & Ito 2008, "Color Universal Design"; recommended by Nature Methods 8:441, 2011).
 */
import type { PlotlyLayout } from "./figure.js";

/** Okabe–Ito colours by name. */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

/** Categorical palette in drawing order (yellow last: it is faint on white). */
export const PALETTE: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/** Line dash styles cycled with the palette when there are more series than colours. */
export const DASHES: readonly string[] = ["solid", "dash", "dot", "dashdot", "longdash"];

/** Colours for lines: the palette without yellow, which a thin line on white does not show. */
export const LINE_PALETTE: readonly string[] = PALETTE.filter((c) => c !== OKABE_ITO.yellow);

/** The colour of line series n (line palette cycled). */
export function seriesColour(n: number): string {
  return LINE_PALETTE[n % LINE_PALETTE.length];
}

/** The dash of series n: solid for the first palette round, then dashed, dotted … */
export function seriesDash(n: number): string {
  return DASHES[Math.floor(n / LINE_PALETTE.length) % DASHES.length];
}

/** Colours of the two outcome classes: event (1) vermillion, non-event (0) blue. */
export const OUTCOME_COLOURS = { event: OKABE_ITO.vermillion, nonEvent: OKABE_ITO.blue } as const;

/** Colours of the cohort sets: training blue, validation vermillion. */
export const SET_COLOURS = { training: OKABE_ITO.blue, validation: OKABE_ITO.vermillion } as const;

/** Reference lines (ideal calibration, chance diagonal, treat none). */
export const REFERENCE_GREY = "#7f7f7f";

export const FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', sans-serif";
export const FONT_SIZE = 13;

/** Default export size in CSS pixels (≈ a single journal column at scale 2–3). */
export const DEFAULT_SIZE = { width: 640, height: 480 } as const;

/** A journal-style axis: line, outside ticks, no grid, no zero line, title in sentence case. */
export function journalAxis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, standoff: 8 },
    showline: true,
    linecolor: "#000000",
    linewidth: 1,
    mirror: false,
    ticks: "outside",
    ticklen: 4,
    tickwidth: 1,
    tickcolor: "#000000",
    showgrid: false,
    zeroline: false,
    automargin: true,
    ...extra,
  };
}

/** The base layout every figure starts from; figure-specific keys are merged on top. */
export function journalLayout(extra: PlotlyLayout = {}): PlotlyLayout {
  return {
    font: { family: FONT_FAMILY, size: FONT_SIZE, color: "#000000" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 70, r: 30, t: 50, b: 60 },
    width: DEFAULT_SIZE.width,
    height: DEFAULT_SIZE.height,
    legend: { bgcolor: "rgba(255,255,255,0.85)", borderwidth: 0, font: { size: FONT_SIZE - 1 } },
    hoverlabel: { font: { family: FONT_FAMILY } },
    colorway: [...PALETTE],
    ...extra,
  };
}

/** A figure title in the journal style (left-aligned, panel-label friendly). */
export function journalTitle(text: string): Record<string, unknown> {
  return { text, x: 0, xref: "paper", xanchor: "left", font: { size: FONT_SIZE + 1 } };
}

/**
 * Paper domains of `count` equal panels side by side with `gap` (a fraction of the figure)
 * between neighbours: panel k spans [k·(w + gap), k·(w + gap) + w], w = (1 − gap·(count − 1)) / count.
 */
export function panelDomains(count: number, gap: number): [number, number][] {
  const width = (1 - gap * (count - 1)) / count;
  return Array.from({ length: count }, (_, k): [number, number] => {
    const start = k * (width + gap);
    return [start, start + width];
  });
}

/** A vertical dashed reference line across the plot area at data x (a layout shape, not a trace). */
export function verticalLine(x: number, options: { xref?: string; yref?: string; colour?: string; dash?: string } = {}): Record<string, unknown> {
  return {
    type: "line",
    xref: options.xref ?? "x",
    yref: options.yref ?? "paper",
    x0: x,
    x1: x,
    y0: 0,
    y1: 1,
    line: { color: options.colour ?? REFERENCE_GREY, width: 1, dash: options.dash ?? "dash" },
  };
}

/** A horizontal dashed reference line across the plot area at data y. */
export function horizontalLine(y: number, options: { xref?: string; yref?: string; colour?: string; dash?: string } = {}): Record<string, unknown> {
  return {
    type: "line",
    xref: options.xref ?? "paper",
    yref: options.yref ?? "y",
    x0: 0,
    x1: 1,
    y0: y,
    y1: y,
    line: { color: options.colour ?? REFERENCE_GREY, width: 1, dash: options.dash ?? "dash" },
  };
}

/** Formats a number with `digits` decimals and a true minus sign, as journals print it. */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NA" : x > 0 ? "∞" : "−∞";
  const s = x.toFixed(digits);
  // A value that rounds to zero prints as 0.000, not −0.000.
  if (Number(s) === 0) return (0).toFixed(digits);
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

/** A P value as journals print it: "<0.001" below 0.001, else three decimals. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "NA";
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}
