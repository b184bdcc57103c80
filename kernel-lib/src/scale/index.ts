/** scale: a cohort's extraction in shards (Slurm array tasks, Kubernetes Indexed Jobs) and their merge. */
export { type MergedExtraction, mergePartFiles, mergeParts, PartMergeError } from "./merge.js";
export { PART_FORMAT, PART_FORMAT_VERSION, type PartFailure, type PartRow, partFileName, readPart, type ShardPart, type ShardSpec, writePart } from "./part.js";
export { type ExtractShardOptions, extractShard, parseShard, shardFromEnvironment, shardRange } from "./shard.js";
export {
  formatSlurmProgress,
  planSlurmExtraction,
  readSubmission,
  type SlurmExtractCallOptions,
  type SlurmExtractOptions,
  type SlurmOutcome,
  type SlurmPlan,
  type SlurmProgress,
  type SlurmSubmission,
  shardStates,
  slurmExtract,
  slurmOutcome,
  submitSlurmExtraction,
  waitForSlurmExtraction,
} from "./slurm.js";
