/**
 * readStudyTable: the study table from a CSV file, the Node entry point beside the portable
 * parser (table.ts's parseStudyTable), so that stats/ itself has no Node import and runs in the
 * browser (the λ explorer, the browser kernel).
 */
import { readFileSync } from "node:fs";
import { RadlabInputError } from "../errors.js";
import { parseStudyTable, type StudyTable, type StudyTableOptions } from "./table.js";

/** Reads a study table from a CSV file. */
export function readStudyTable(path: string, options: StudyTableOptions): StudyTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new RadlabInputError(`cannot read feature table ${path}: ${(error as Error).message}`, path);
  }
  return parseStudyTable(text, options, path);
}
