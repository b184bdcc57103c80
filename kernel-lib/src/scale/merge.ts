/**
 * Parts → one cohort extraction, equal to what a single machine computes from the same manifest:
 * rows in manifest order, the same table assembly (buildFeatureTable), failures and warnings of
 * every part in one report. Parts that do not belong together are refused, every problem at
 * once, each naming the files: different settings, radlab versions, manifests or shard counts, a
 * shard given twice, a case in two parts, a shard missing.
 */
import { RadlabInputError } from "../errors.js";
import { buildFeatureTable, type CaseFailure, type CohortExtraction, decodeFeatureValue } from "../features/cohort.js";
import type { InputHashes } from "../features/extract.js";
import { resolveSettings } from "../features/settings.js";
import { readPart, type ShardPart } from "./part.js";

/** A part read from its file. */
export interface PartFile {
  file: string;
  part: ShardPart;
}

/** Thrown when parts cannot be merged; `problems` holds one message per problem. */
export class PartMergeError extends RadlabInputError {
  constructor(readonly problems: string[]) {
    super(`cannot merge: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** What a merge gives: the extraction, and which parts it came from. */
export interface MergedExtraction extends CohortExtraction {
  /** The part files, in shard order, with their shard. */
  parts: { file: string; shard: string; cases: number; failures: number; host: string }[];
  /** SHA-256 of the manifest every part was extracted from. */
  manifestSha256: string;
}

/** Reads the part files and merges them ({@link mergePartFiles}). */
export async function mergeParts(files: readonly string[]): Promise<MergedExtraction> {
  if (files.length === 0) throw new RadlabInputError("no part files given");
  const parts: PartFile[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      parts.push({ file, part: await readPart(file) });
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      unreadable.push(error.message);
    }
  }
  if (unreadable.length > 0) throw new PartMergeError(unreadable);
  return mergePartFiles(parts);
}

/** Merges parts already read; throws a PartMergeError listing every reason they do not fit together. */
export function mergePartFiles(parts: readonly PartFile[]): MergedExtraction {
  const problems = [
    ...differing(parts, "settings", (p) => JSON.stringify(p.settings)),
    ...differing(parts, "radlab versions", (p) => p.version),
    ...differing(parts, "manifests", (p) => `${p.manifest.sha256.slice(0, 12)}… (${p.manifest.path})`),
    ...differing(parts, "numbers of shards", (p) => `${p.shard.count} shards`),
  ];
  // Shards and cases are only comparable between parts of one manifest split one way.
  if (problems.length === 0) problems.push(...duplicatedShards(parts), ...duplicatedCases(parts), ...missingShards(parts));
  if (problems.length > 0) throw new PartMergeError(problems);
  return assemble(parts);
}

/** One message when parts disagree on a property: which files have which value. */
function differing(parts: readonly PartFile[], what: string, key: (part: ShardPart) => string): string[] {
  const groups = new Map<string, string[]>();
  for (const { file, part } of parts) groups.set(key(part), [...(groups.get(key(part)) ?? []), file]);
  if (groups.size <= 1) return [];
  const described = [...groups].map(([value, files]) => `${value}: ${files.join(", ")}`);
  return [`parts with different ${what}: ${described.join("; ")}`];
}

function duplicatedShards(parts: readonly PartFile[]): string[] {
  const byShard = new Map<number, string[]>();
  for (const { file, part } of parts) byShard.set(part.shard.index, [...(byShard.get(part.shard.index) ?? []), file]);
  return [...byShard]
    .filter(([, files]) => files.length > 1)
    .map(([index, files]) => `shard ${index}/${parts[0].part.shard.count} given ${files.length} times: ${files.join(", ")}`);
}

function duplicatedCases(parts: readonly PartFile[]): string[] {
  const firstFile = new Map<string, string>();
  const byPair = new Map<string, string[]>();
  for (const { file, part } of parts) {
    for (const id of part.caseIds) {
      const first = firstFile.get(id);
      if (first === undefined) firstFile.set(id, file);
      else byPair.set(`${first}\n${file}`, [...(byPair.get(`${first}\n${file}`) ?? []), id]);
    }
  }
  return [...byPair].map(([pair, ids]) => {
    const [a, b] = pair.split("\n");
    const shown = ids.length <= 5 ? ids.join(", ") : `${ids.slice(0, 5).join(", ")} and ${ids.length - 5} more`;
    return `${ids.length === 1 ? "case" : `${ids.length} cases`} (${shown}) in two parts: ${a} and ${b}`;
  });
}

function missingShards(parts: readonly PartFile[]): string[] {
  const count = parts[0].part.shard.count;
  const present = new Set(parts.map((p) => p.part.shard.index));
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !present.has(k));
  if (missing.length === 0) return [];
  const given = parts.map((p) => `${p.file} (${p.part.shard.index}/${count})`).join(", ");
  return [
    `shard${missing.length === 1 ? "" : "s"} ${missing.join(", ")} of ${count} missing: no part given holds ${missing.length === 1 ? "it" : "them"} (given: ${given})`,
  ];
}

/** The table and report of parts known to fit together, rows in manifest order. */
function assemble(parts: readonly PartFile[]): MergedExtraction {
  const ordered = [...parts].sort((a, b) => a.part.shard.index - b.part.shard.index);
  const first = ordered[0].part;
  const rows = ordered
    .flatMap(({ part }) => part.rows)
    .sort((a, b) => a.position - b.position)
    .map((row) => ({ id: row.id, values: Float64Array.from(row.values, decodeFeatureValue), clinical: row.clinical }));
  const failures: CaseFailure[] = ordered
    .flatMap(({ part }) => part.failures)
    .sort((a, b) => a.position - b.position)
    .map(({ id, file, reason }) => ({ id, file, reason }));
  const inputHashes: Record<string, InputHashes> = {};
  for (const { part } of ordered) Object.assign(inputHashes, part.inputHashes);
  return {
    table: buildFeatureTable(rows, first.columns, first.manifest.clinicalColumns),
    failures,
    warnings: ordered.flatMap(({ part }) => part.warnings),
    settings: resolveSettings(first.settings, ordered[0].file),
    version: first.version,
    inputHashes,
    manifest: first.manifest.path,
    manifestSha256: first.manifest.sha256,
    computed: ordered.reduce((sum, { part }) => sum + part.computed, 0),
    cached: ordered.reduce((sum, { part }) => sum + part.cached, 0),
    parts: ordered.map(({ file, part }) => ({
      file,
      shard: `${part.shard.index}/${part.shard.count}`,
      cases: part.caseIds.length,
      failures: part.failures.length,
      host: part.host,
    })),
  };
}
