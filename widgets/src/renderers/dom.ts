/**
 * DOM helpers of the renderers. Every text from a payload (ids, feature names, file names)
 * goes in through textContent or a value/title property, never through innerHTML: widget data
 * is untrusted and the widgets must be safe in an untrusted notebook.
 */

/** Attributes and properties of {@link el}. */
export interface ElementOptions {
  className?: string;
  /** Text content (set as textContent). */
  text?: string;
  /** Tooltip (title property). */
  title?: string;
  /** Attributes set with setAttribute (never event handlers: listeners are added in code). */
  attrs?: Record<string, string>;
  style?: Partial<CSSStyleDeclaration>;
}

/** Creates an element with text, attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: Node[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`el: refusing event-handler attribute ${name}`);
    node.setAttribute(name, value);
  }
  if (options.style) Object.assign(node.style, options.style);
  for (const child of children) node.append(child);
  return node;
}

/** A button calling `onClick`. */
export function button(text: string, onClick: () => void, options: ElementOptions = {}): HTMLButtonElement {
  const b = el("button", { ...options, text, attrs: { type: "button", ...options.attrs } });
  b.addEventListener("click", onClick);
  return b;
}

/** A labelled range input. */
export function slider(
  label: string,
  min: number,
  max: number,
  step: number,
  value: number,
  onInput: (value: number) => void,
  className = "",
): { root: HTMLLabelElement; input: HTMLInputElement } {
  const input = el("input", { attrs: { type: "range", min: String(min), max: String(max), step: String(step) } });
  input.value = String(value);
  input.addEventListener("input", () => onInput(Number(input.value)));
  const root = el("label", { className: `radlab-slider ${className}`.trim() }, [el("span", { text: label }), input]);
  return { root, input };
}

/** Shows why a payload cannot be drawn, in place of the widget. */
export function errorBox(title: string, lines: string[]): HTMLElement {
  return el("div", { className: "radlab-widget-error", style: { color: "#a00", fontFamily: "sans-serif", fontSize: "13px", padding: "6px" } }, [
    el("strong", { text: title }),
    el(
      "ul",
      {},
      lines.map((line) => el("li", { text: line })),
    ),
  ]);
}

/** A number for reading: 4 significant digits, exponent form when very small or large. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}
