/**
 * The glmnet furniture shared by Fig. 2A (lasso-cv.ts, `plot.cv.glmnet`) and Fig. 2B
 * (coefficient-paths.ts, `plot.glmnet`): the label beside a dashed λ line, and the number of
 * non-zero coefficients printed along the top of the plot at evenly spaced λ.
 */

/** Evenly spaced indices 0 … n−1, `count` of them, always including both ends. */
export function spacedIndices(n: number, count: number): number[] {
  if (n <= count) return [...Array(n).keys()];
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(Math.round((k * (n - 1)) / (count - 1)));
  return [...out];
}

/**
 * Where the top axis prints non-zero counts: about `count` evenly spaced path positions, plus
 * exactly the marked ones (λ.min, λ.1se), whose counts are what the reader checks; a spaced
 * position (but the path's ends) within half a spacing of a marked one gives way to it (the count changes along
 * the path, so a nearby label would show another number at the line).
 */
export function countLabelIndices(n: number, count: number, marked: readonly number[]): number[] {
  const marks = marked.filter((m) => m >= 0 && m < n);
  const half = Math.max(1, Math.floor((n - 1) / Math.max(1, count - 1) / 2));
  // The path's two ends stay labelled (the count's range); other spaced positions near a mark give way.
  const spaced = spacedIndices(n, count).filter((k) => k === 0 || k === n - 1 || marks.every((m) => Math.abs(k - m) > half));
  return [...new Set([...spaced, ...marks])].sort((a, b) => a - b);
}

/**
 * The label of a dashed λ line ("λ.min = 0.0123") at x = log(λ): it runs up along the left of
 * the line, so labels never collide or leave the plot.
 */
export function lambdaLineLabel(logLambda: number, text: string): Record<string, unknown> {
  return {
    x: logLambda,
    xref: "x",
    y: 1,
    yref: "paper",
    text,
    textangle: -90,
    showarrow: false,
    xanchor: "right",
    xshift: -2,
    yanchor: "top",
    font: { size: 11, color: "#333333" },
  };
}

/**
 * The number of non-zero coefficients above the plot at the λ indices `at` (glmnet's top axis),
 * followed by the axis title "Number of non-zero coefficients" above them.
 */
export function nonZeroCountLabels(logLambda: number[], nzero: number[], at: number[]): Record<string, unknown>[] {
  return [
    ...at.map((n) => ({
      x: logLambda[n],
      xref: "x",
      y: 1,
      yref: "paper",
      yanchor: "bottom",
      yshift: 2,
      text: String(nzero[n]),
      showarrow: false,
      font: { size: 11 },
    })),
    {
      x: 0.5,
      xref: "paper",
      y: 1,
      yref: "paper",
      yanchor: "bottom",
      yshift: 18,
      text: "Number of non-zero coefficients",
      showarrow: false,
      font: { size: 12 },
    },
  ];
}
