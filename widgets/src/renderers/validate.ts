/**
 * Payload validation before rendering: each widget's data is checked against the same JSON
 * Schema (widgets/schemas) that kernel-lib's tests check every emitted payload against. A
 * payload that does not match is not drawn; the widget lists what is wrong instead.
 */

import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import type { WidgetMimeType } from "@radlab/kernel-lib/browser";
import { FEATURE_TABLE_MIME, LAMBDA_EXPLORER_MIME, SLICE_VIEWER_MIME } from "@radlab/kernel-lib/browser";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import featureTableSchema from "../../schemas/feature-table.schema.json";
import lambdaExplorerSchema from "../../schemas/lambda-explorer.schema.json";
import sliceViewerSchema from "../../schemas/slice-viewer.schema.json";
import { errorBox } from "./dom.js";

const SCHEMAS: Record<WidgetMimeType, object> = {
  [SLICE_VIEWER_MIME]: sliceViewerSchema,
  [LAMBDA_EXPLORER_MIME]: lambdaExplorerSchema,
  [FEATURE_TABLE_MIME]: featureTableSchema,
};

let ajv: Ajv2020 | undefined;
const compiled = new Map<WidgetMimeType, ValidateFunction>();

/** The list of problems of a payload (empty when it matches its schema). */
export function payloadProblems(mimeType: WidgetMimeType, data: unknown): string[] {
  ajv ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  let validate = compiled.get(mimeType);
  if (!validate) {
    validate = ajv.compile(SCHEMAS[mimeType]);
    compiled.set(mimeType, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "(payload)"} ${e.message ?? "is invalid"}`);
}

/**
 * A renderer's first step: the model's payload when it matches its schema; otherwise `node`
 * shows what is wrong (instead of a widget) and the result is null. Empties `node` either way.
 */
export function validPayload<T>(node: HTMLElement, model: IRenderMime.IMimeModel, mimeType: WidgetMimeType, widgetName: string): T | null {
  const data = model.data[mimeType];
  const problems = payloadProblems(mimeType, data);
  node.replaceChildren();
  if (problems.length === 0) return data as unknown as T;
  const schema = (SCHEMAS[mimeType] as { properties: { schema: { const: string } } }).properties.schema.const;
  node.append(errorBox(`This ${widgetName} payload does not match its schema (${schema} v1):`, problems));
  return null;
}
