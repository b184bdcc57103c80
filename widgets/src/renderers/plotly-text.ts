/**
 * Text for Plotly labels. Plotly reads a small HTML subset in trace names and titles (<b>,
 * <a href>, …) and decodes entities, so untrusted names are entity-escaped: they then show
 * exactly as written and never become markup or links. `%{` is also neutralised, since
 * hover templates substitute it.
 */
export function plotlyText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/%\{/g, "%&#123;");
}
