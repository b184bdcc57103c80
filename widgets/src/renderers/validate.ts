/**
 * Payload validation before rendering: each widget's data is checked against the same JSON
 * Schema (widgets/schemas) that kernel-lib's tests check every emitted payload against. A
 * payload that does not match is not drawn; the widget lists what is wrong instead.
 */
import type { WidgetMimeType } from "@radlab/kernel-lib/browser";
import { FEATURE_TABLE_MIME, LAMBDA_EXPLORER_MIME, SLICE_VIEWER_MIME } from "@radlab/kernel-lib/browser";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import featureTableSchema from "../../schemas/feature-table.schema.json";
import lambdaExplorerSchema from "../../schemas/lambda-explorer.schema.json";
import sliceViewerSchema from "../../schemas/slice-viewer.schema.json";

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
