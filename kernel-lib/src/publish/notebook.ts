/** The parts of the Jupyter notebook format (nbformat 4) that publishing reads. */

export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | string;
  name?: "stdout" | "stderr";
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface NotebookCell {
  cell_type: "markdown" | "code" | "raw";
  source: string | string[];
  metadata?: { jupyter?: { source_hidden?: boolean; outputs_hidden?: boolean }; tags?: string[]; execution?: Record<string, string> };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: { kernelspec?: { name?: string; display_name?: string }; [key: string]: unknown };
  nbformat: number;
  nbformat_minor: number;
}

/** A cell's source as one string (nbformat allows a list of lines). */
export function cellSource(cell: NotebookCell): string {
  return [cell.source].flat().join("");
}

/** A MIME bundle value as one string (nbformat splits text values into lines). */
export function mimeText(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : JSON.stringify(value);
}

/** The notebook's title: its first Markdown heading, else the file name. */
export function notebookTitle(notebook: Notebook, fallback: string): string {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = cellSource(cell).match(/^#\s+(.+)$/m);
    if (heading) return heading[1].trim();
  }
  return fallback;
}
