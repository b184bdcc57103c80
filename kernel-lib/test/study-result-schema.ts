/**
 * The study-result JSON Schema (widgets/schemas/study-result.schema.json) as a validator:
 * ajv (draft 2020-12, strict, every error reported), so a test can check that a result
 * radlab produced is exactly that schema (no missing field, no extra one, no wrong type).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";

const SCHEMA_PATH = fileURLToPath(new URL("../../widgets/schemas/study-result.schema.json", import.meta.url));

export const studyResultSchema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(studyResultSchema);

/** The schema's complaints about a value, one line each (empty when it is a valid study result). */
export function studyResultErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}
