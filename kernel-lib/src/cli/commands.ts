/**
 * The option table of every `radlab` subcommand: the one place a flag is declared. Each
 * command's parser and `--help` text are generated from its entry (options.ts), so adding a
 * flag means adding its row here, help line included. A new subcommand adds its entry here
 * and one loader line in main.ts.
 *
 * Defaults that are the library's own (runStudy's seed, folds, bootstrap B, …) are repeated
 * here so help can show them; test/cli-options.test.ts checks they equal the library's.
 */
import { DEMO_MIN_CASES, DEMO_SEED_MAX } from "../demo/design.js";
import { EXIT, EXIT_STATUS_NOTE } from "./errors.js";
import type { CommandSpec } from "./options.js";

const info = {
  summary: "size, spacing, orientation and intensity range of a volume (and its ROI)",
  positionals: [{ name: "VOLUME", help: "the image (NIfTI, NRRD, MHA/MHD, other ITK formats, or a DICOM folder)" }],
  options: {
    mask: {
      type: "string",
      value: "MASK",
      help: "an ROI mask on the same grid: lists its labels with their voxel counts, and adds the ROI's voxel count, volume, bounding box and range",
    },
    label: {
      type: "string",
      value: "N|any",
      help: "the mask label that is the ROI (default: the mask's one label; with several, only the list is shown); any = every non-zero voxel",
    },
    "mask-threshold": { type: "number", value: "T", help: "a partial-volume or probability mask: the ROI is every voxel ≥ T" },
    roi: { type: "string", value: "NAME", help: "with an RTSTRUCT or DICOM-SEG --mask: the ROI (name, number or /regex/); without it, the ROIs are listed" },
    series: { type: "string", value: "UID|DESCRIPTION", help: "a DICOM folder holding several series: the one to read" },
    json: { type: "boolean", help: "print JSON instead of text" },
  },
  notes: [EXIT_STATUS_NOTE],
} as const satisfies CommandSpec;

const demoData = {
  summary: "write the seeded synthetic NPC demo cohort (images, masks, clinical table, manifest)",
  options: {
    out: { type: "string", value: "DIR", required: true, help: "the folder to write the cohort to" },
    seed: { type: "integer", value: "S", min: 0, max: DEMO_SEED_MAX, default: 20240601, help: "the generator's seed" },
    cases: { type: "integer", value: "N", min: DEMO_MIN_CASES, default: 142, help: "the number of patients (at least one per set × outcome)" },
  },
  notes: [EXIT_STATUS_NOTE],
} as const satisfies CommandSpec;

const extract = {
  summary: "extract the 432 features of one case (JSON or CSV on stdout) or of a cohort manifest (a table file)",
  modes: true,
  options: {
    settings: { type: "string", value: "FILE", help: "extraction settings (PyRadiomics-style params.yaml or JSON); flags below override it" },
    label: {
      type: "string",
      value: "N|any|auto",
      help: "the mask label that is the ROI (default: the settings', else auto = the mask's one label, several being an error); any merges every non-zero label on purpose",
    },
    "mask-threshold": {
      type: "number",
      value: "T",
      help: "a partial-volume or probability mask (non-integer values, otherwise an error): the ROI is every voxel ≥ T",
    },
    discretization: { type: "string", value: "none|bins:N|width:W", help: "grey-level discretization of the texture families (default: the settings')" },
    "empty-directions": { type: "choice", choices: ["skip", "itk"], help: "texture directions with no pairs: left out (skip) or counted as ITK does (itk)" },
    image: { type: "string", value: "IMG", group: "One case", required: true, help: "the image volume" },
    mask: { type: "string", value: "MASK", group: "One case", required: true, help: "its ROI mask, on the same grid, or an RTSTRUCT / DICOM-SEG (with --roi)" },
    roi: {
      type: "string",
      value: "NAME",
      group: "One case",
      help: "the RTSTRUCT ROI or SEG segment: name, number, or /regex/ matching one (case-insensitive)",
    },
    "contour-rule": {
      type: "choice",
      choices: ["even-odd", "union"],
      group: "One case",
      help: "RTSTRUCT contours on one slice: nested ones are holes (even-odd, the default) or filled (union, as plastimatch)",
    },
    series: { type: "string", value: "UID|DESCRIPTION", group: "One case", help: "a DICOM folder holding several series: the one to read" },
    json: { type: "boolean", group: "One case", help: "print the features, settings and version as JSON (the default)" },
    csv: { type: "boolean", group: "One case", help: "print a header line and one row of features as CSV" },
    manifest: {
      type: "string",
      value: "M.csv",
      group: "A cohort",
      required: true,
      help: "the manifest: one row per case (id, image, mask, and any other columns kept)",
    },
    out: {
      type: "string",
      value: "FILE",
      group: "A cohort",
      required: true,
      help: "the feature table to write, .csv or .arrow (with a failures report and a provenance record beside it)",
    },
    workers: { type: "integer", value: "N", min: 1, group: "A cohort", help: "worker threads (default and most: the number of cores)" },
    cache: { type: "string", value: "DIR", group: "A cohort", help: "the per-case cache folder (default: .radlab-cache beside --out)" },
    "no-cache": { type: "boolean", group: "A cohort", help: "compute every case; neither read nor write the cache" },
    shard: {
      type: "string",
      value: "K/N|auto",
      group: "A cohort",
      help: "only shard K of N (K from 0; contiguous slices) into a part file for `radlab merge`; auto: K from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX",
    },
    shards: {
      type: "integer",
      value: "N",
      min: 1,
      group: "A cohort",
      help: "with --shard auto: the number of shards (default: SLURM_ARRAY_TASK_COUNT; a Kubernetes Indexed Job must give it)",
    },
  },
  notes: [
    `Exit status: ${EXIT.ok} every case done; ${EXIT.partial} some cases failed (the others are written, the failures listed in the failures report); ` +
      `${EXIT.nothingDone} every case failed (nothing written but the report); ${EXIT.badInput} bad input or usage (message on stderr); ` +
      `${EXIT.internal} internal error (a bug: rerun with --debug).`,
  ],
} as const satisfies CommandSpec;

const merge = {
  summary: "join the parts of a sharded extraction (extract --shard) into one table, in manifest order",
  positionals: [{ name: "PART", repeated: true, help: "the part files (part-KKK-of-NNN.json), one per shard, in any order" }],
  options: {
    out: {
      type: "string",
      value: "FILE",
      required: true,
      help: "the feature table to write, .csv or .arrow (with a failures report and a provenance record beside it)",
    },
  },
  notes: [
    "Refuses, naming the files, parts with different settings, radlab versions, manifests or shard counts, a shard given twice, a case in two parts, or a missing shard. " +
      "Failed cases of every part go into one failures report.",
    `Exit status: ${EXIT.ok} every case merged; ${EXIT.partial} some cases had failed (listed in the report); ${EXIT.nothingDone} every case had failed; ` +
      `${EXIT.badInput} the parts cannot be merged, or bad usage (message on stderr); ${EXIT.internal} internal error.`,
  ],
} as const satisfies CommandSpec;

const slurm = {
  summary: "a cohort's extraction as a Slurm array job (one task per shard) and a merge job after it",
  positionals: [{ name: "extract", help: "the action (the one there is: extract)" }],
  options: {
    manifest: { type: "string", value: "M.csv", required: true, help: "the cohort manifest (every file must exist at submission)" },
    shards: { type: "integer", value: "N", min: 1, required: true, help: "the number of shards (array tasks)" },
    out: {
      type: "string",
      value: "FILE",
      required: true,
      help: "the merged table, .csv or .arrow; the batch scripts, parts and logs go in <stem>.slurm/ beside it",
    },
    partition: { type: "string", value: "P", help: "the partition of both jobs (default: the cluster's default)" },
    time: { type: "string", value: "T", help: "the time limit of each task and of the merge (Slurm's format, e.g. 30:00)" },
    "cpus-per-task": { type: "integer", value: "C", min: 1, default: 1, help: "CPUs of each task, used as its worker threads" },
    "sbatch-arg": {
      type: "string",
      value: "ARG",
      repeatable: true,
      help: "one more sbatch option for both jobs, e.g. --sbatch-arg=--account=rad (repeatable)",
    },
    settings: { type: "string", value: "FILE", help: "extraction settings (PyRadiomics-style params.yaml or JSON)" },
    wait: { type: "boolean", help: "wait for both jobs, showing shards and cases done, then print the summary" },
  },
  notes: [
    "Prints the job ids and the squeue/sacct commands that follow them. Run the same command again after a failure or a cancellation: " +
      "only the shards without a complete part are resubmitted (the feature cache makes their finished cases free).",
    `Exit status: ${EXIT.ok} submitted (with --wait: merged, every case done); ${EXIT.partial} (--wait) merged, some cases failed; ` +
      `${EXIT.nothingDone} (--wait) the jobs ended without a merged table; ${EXIT.badInput} bad input, or a Slurm command failed; ${EXIT.internal} internal error.`,
  ],
} as const satisfies CommandSpec;

const model = {
  summary: "the study's statistics on a feature table: preprocessing, LASSO-CV, logistic Rad-score, ROC, calibration, decision curve (one JSON result)",
  options: {
    features: { type: "string", value: "F.csv", required: true, help: "the feature table (radlab extract's output joined with the outcome and the split)" },
    outcome: { type: "string", value: "COL", required: true, help: "the binary outcome column (0/1)" },
    split: { type: "string", value: "COL", required: true, help: "the training/validation column (values training and validation)" },
    out: { type: "string", value: "result.json", required: true, help: "the study result to write" },
    foldid: { type: "string", value: "COL", help: "a column of CV fold ids (default: stratified folds drawn from --seed)" },
    clinical: { type: "list", value: "a,b,c", help: "clinical columns for the baseline tables (never LASSO candidates)" },
    units: { type: "list", value: "COL=UNIT,…", help: "units of clinical columns, printed in the baseline tables, e.g. age=years,ALT=U/L" },
    candidates: {
      type: "string",
      value: "RULE",
      default: "auto",
      help:
        "the LASSO's candidate columns: features (named as radiomics features: radlab's catalog or PyRadiomics), all-numeric, " +
        "a list a,b,c, or auto (features when the table has any, else all-numeric); other columns are left out, in one note",
    },
    lambda: { type: "choice", choices: ["min", "1se"], default: "min", help: "the λ that selects the features" },
    seed: { type: "integer", value: "S", min: 0, default: 20240101, help: "the seed of every random step (folds, split, bootstrap)" },
    nfolds: {
      type: "integer",
      value: "K",
      min: 3,
      help: "the number of stratified CV folds when --foldid is not given (default: 10, fewer when training has fewer than 10 events or non-events)",
    },
    measure: { type: "choice", choices: ["deviance", "auc", "class"], default: "deviance", help: "the CV loss" },
    radscore: {
      type: "choice",
      choices: ["logistic", "lasso"],
      default: "logistic",
      help: "the Rad-score: a logistic refit on the selected features, or the LASSO's own",
    },
    bootstrap: { type: "integer", value: "B", min: 0, default: 200, help: "bootstrap repetitions of the calibration curve (0 = none)" },
    "cv-preprocessing": {
      type: "choice",
      choices: ["training", "per-fold"],
      default: "training",
      help: "fit the capping and z-scores once on training, or again inside each CV fold",
    },
    "outlier-sd": { type: "number", value: "K", min: 0, default: 3, help: "cap values beyond mean ± K·SD of training (0 = no capping)" },
  },
  notes: ["Every setting is recorded in the result's `settings`.", EXIT_STATUS_NOTE],
} as const satisfies CommandSpec;

const score = {
  summary: "the Rad-score of new patients from a study result (its training capping, medians, means, SDs and coefficients)",
  options: {
    result: { type: "string", value: "result.json", required: true, help: "the study result (radlab model's output)" },
    features: { type: "string", value: "new.csv", required: true, help: "the new patients' features (the model's feature columns; others ignored)" },
    id: { type: "string", value: "COL", default: "id", help: "the patient-id column (row numbers when absent)" },
    out: { type: "string", value: "scores.csv", help: "write id,radscore,probability,capped here (default: stdout)" },
  },
  notes: [EXIT_STATUS_NOTE],
} as const satisfies CommandSpec;

const figures = {
  summary: "every figure of a study result as PNG and SVG, and its tables as CSV, LaTeX and HTML",
  options: {
    result: { type: "string", value: "result.json", required: true, help: "the study result (radlab model's output)" },
    out: { type: "string", value: "DIR", required: true, help: "the folder to write the figures and tables to" },
    volume: { type: "string", value: "V", help: "a case's image, for the ROI slice and montage (with --mask)" },
    mask: { type: "string", value: "M", help: "that case's ROI mask (with --volume)" },
    label: { type: "string", value: "N|any", help: "the mask label that is the ROI (default: the mask's one label); any = every non-zero voxel" },
    case: { type: "string", value: "ID", help: "the case id in the ROI figures' titles (default: the image file's name)" },
    features: { type: "string", value: "F.csv", help: "the feature table given to radlab model: the feature values (heat map, box plots)" },
    outcome: { type: "string", value: "COL", help: "the feature table's outcome column (default: the result's settings.outcome)" },
    id: { type: "string", value: "COL", default: "id", help: "the feature table's patient-id column" },
    split: { type: "string", value: "COL", help: "the feature table's training/validation column (default: the result's settings.splitColumn)" },
    "outcome-labels": { type: "list", value: "LABEL0,LABEL1", help: "names of outcome 0 and outcome 1 in figures and tables" },
    format: { type: "list", value: "png,svg", default: "png,svg", help: "the figure formats" },
    scale: { type: "number", value: "S", default: 3, help: "PNG pixels per layout pixel" },
  },
  notes: [`A figure whose data are missing is listed as skipped, with the reason. ${EXIT_STATUS_NOTE}`],
} as const satisfies CommandSpec;

const study = {
  summary: "the demo study end to end, headless (demo cohort → features → model → figures); what `npm run demo` runs",
  options: {
    data: { type: "string", value: "DIR", default: "data", help: "the folder for demo-cohort/ and demo-study/" },
    cases: { type: "integer", value: "N", min: 12, default: 142, help: "the number of synthetic patients" },
    seed: { type: "integer", value: "S", min: 0, max: DEMO_SEED_MAX, default: 20240601, help: "the demo cohort's seed" },
    workers: { type: "integer", value: "N", min: 1, help: "worker threads for extraction (default: the number of cores, at most 4)" },
    "no-figures": { type: "boolean", help: "skip the figures (no Chromium needed)" },
  },
  notes: [EXIT_STATUS_NOTE],
} as const satisfies CommandSpec;

const mask = {
  summary: "an RTSTRUCT ROI or a DICOM-SEG segment rasterised onto an image's grid, written as a mask (NIfTI, NRRD, …)",
  options: {
    image: {
      type: "string",
      value: "SERIES_DIR",
      required: true,
      help: "the image the contours belong to (a DICOM folder, or any volume on their patient coordinates)",
    },
    rtstruct: { type: "string", value: "RS.dcm", help: "the RTSTRUCT (or give --seg)" },
    seg: { type: "string", value: "SEG.dcm", help: "the DICOM-SEG (or give --rtstruct)" },
    roi: { type: "string", value: "NAME", help: "the ROI or segment: name, number, or /regex/ matching one (case-insensitive); needed when there are several" },
    out: { type: "string", value: "MASK.nii.gz", required: true, help: "the mask to write (1 inside, 0 outside, on the image's grid)" },
    "contour-rule": {
      type: "choice",
      choices: ["even-odd", "union"],
      default: "even-odd",
      help: "contours of one ROI on one slice: nested ones are holes (even-odd, as rt-utils, dcmrtstruct2nii) or filled (union, as plastimatch)",
    },
    series: { type: "string", value: "UID|DESCRIPTION", help: "a DICOM folder holding several series: the one to read" },
  },
  notes: [EXIT_STATUS_NOTE],
} as const satisfies CommandSpec;

const publish = {
  summary: "execute notebooks and write them as a static site (figures and widgets offline, provenance, reporting checklists)",
  positionals: [{ name: "NOTEBOOK", help: "the notebooks (.ipynb), in the order of the site", repeated: true }],
  options: {
    out: { type: "string", value: "DIR", required: true, help: "the site's folder (created; files of the same names are replaced)" },
    title: { type: "string", value: "T", default: "Supplementary material", help: "the site's title" },
    timeout: { type: "integer", value: "S", min: 1, default: 900, help: "seconds a cell may run before the run fails" },
    executable: {
      type: "boolean",
      help:
        "also the lab in browser mode under run/: the notebooks (and --data) preloaded, opened on the first, the kernel in the reader's page; " +
        "a reader presses Run All, with no server and nothing leaving the page",
    },
    data: {
      type: "string",
      value: "DIR",
      help: "with --executable: the folder the notebooks read as ../data, shipped in the site (default: none; the demo notebooks then make their seeded cohort in the page)",
    },
  },
  notes: [
    "Each notebook runs in its own folder on the tslab kernel (Jupyter's nbconvert; the kernel is registered in .jupyter-local). " +
      `A failing cell stops the run naming the notebook and the cell. Exit status: ${EXIT.ok} site written; ${EXIT.nothingDone} a notebook failed; ` +
      `${EXIT.badInput} bad input or usage, or no Jupyter; ${EXIT.internal} internal error.`,
  ],
} as const satisfies CommandSpec;

const lab = {
  summary: "the notebook environment: radlab's JupyterLab, opened on a notebook (on Jupyter Server, or all in the browser); what `npm start` runs",
  positionals: [{ name: "NOTEBOOK", optional: true, help: "the notebook to open, inside the checkout (default: the reproduction notebook)" }],
  options: {
    port: { type: "integer", value: "P", min: 1, help: "the port on 127.0.0.1 (default: the first free one from 8888)" },
    "no-browser": { type: "boolean", help: "print the URL without opening a browser (also when there is no display)" },
    browser: {
      type: "boolean",
      help:
        "the browser mode: no Jupyter Server; JupyterLite's services and radlab's TypeScript kernel in a Web Worker, " +
        "the notebooks/ and data/ folders served read-only by radlab on 127.0.0.1 (the default when Jupyter Server is not installed)",
    },
  },
  notes: [
    "Server mode (the default when Jupyter Server is installed): the tslab kernel on Node, listening on 127.0.0.1 only, with a fresh token in the printed URL; " +
      "Ctrl-C stops it and its kernels. Jupyter's folders are the checkout's .jupyter-local, never your home. " +
      "Browser mode: notebooks run in the page; what they write stays in the browser (IndexedDB); data/ is RADLAB_DATA when set. " +
      `Exit status: ${EXIT.ok} stopped by Ctrl-C; ${EXIT.nothingDone} no lab (failing to start, or stopped by itself: the message says which); ${EXIT.badInput} bad usage.`,
  ],
} as const satisfies CommandSpec;

/** Every subcommand, in the order `radlab --help` lists them. */
export const COMMANDS = {
  info,
  "demo-data": demoData,
  extract,
  merge,
  slurm,
  model,
  score,
  figures,
  study,
  mask,
  publish,
  lab,
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
