/**
 * One DICOM file read through dcmjs into a dataset keyed by attribute keyword
 * (`ds.ROIContourSequence[0].ContourSequence`), with typed accessors that name the file and
 * the attribute when something is missing.
 */
import { readFile } from "node:fs/promises";
import dcmjs from "dcmjs";
import { RadlabInputError, withCase } from "../../errors.js";

/** A naturalised DICOM dataset: attribute keyword → value (sequences are arrays of datasets). */
export type DicomDataset = Record<string, unknown>;

/** Options of {@link readDicomDataset}. */
export interface ReadDicomOptions {
  /** Stop before the pixel data (a series' headers only). */
  headerOnly?: boolean;
  /** The case id, named in any error. */
  caseId?: string;
}

dcmjs.log.setLevel("error");

/** Reads and naturalises one DICOM Part 10 file; an unreadable one is a RadlabInputError naming it. */
export async function readDicomDataset(file: string, options: ReadDicomOptions = {}): Promise<DicomDataset> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new RadlabInputError(withCase(options.caseId, `${file}: file not found`), file, options.caseId);
  }
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const dict = dcmjs.data.DicomMessage.readFile(buffer, options.headerOnly ? { untilTag: "7FE00010", includeUntilTagValue: false } : {});
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
    // The file meta's Transfer Syntax UID (group 0002, which dcmjs keeps apart) beside the dataset.
    const meta = dict.meta ? dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta) : {};
    if (meta.TransferSyntaxUID !== undefined) ds.TransferSyntaxUID = meta.TransferSyntaxUID;
    return ds;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new RadlabInputError(withCase(options.caseId, `${file}: not a readable DICOM file (${why})`), file, options.caseId);
  }
}

/** True when the file starts like a DICOM Part 10 file ("DICM" after the 128-byte preamble). */
export async function isDicomFile(file: string): Promise<boolean> {
  const head = await readHead(file, 132);
  return head.length === 132 && head.toString("latin1", 128, 132) === "DICM";
}

/**
 * The Modality (0008,0060) of a DICOM file, read from its first 64 KiB only (group 0008 comes
 * first, so an RTSTRUCT or SEG of many megabytes is not read twice); "" when it is not DICOM.
 */
export async function dicomModality(file: string): Promise<string> {
  const head = await readHead(file, 65536);
  if (head.length < 132 || head.toString("latin1", 128, 132) !== "DICM") return "";
  try {
    const buffer = head.buffer.slice(head.byteOffset, head.byteOffset + head.byteLength) as ArrayBuffer;
    const dict = dcmjs.data.DicomMessage.readFile(buffer, { untilTag: "00080060", stopOnGreaterTag: true, includeUntilTagValue: true, ignoreErrors: true });
    return text(dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict), "Modality");
  } catch {
    return "";
  }
}

/** The first `length` bytes of a file (fewer when it is shorter; none when it cannot be read). */
async function readHead(file: string, length: number): Promise<Buffer> {
  const { open } = await import("node:fs/promises");
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, "r");
    const head = Buffer.alloc(length);
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } catch {
    return Buffer.alloc(0);
  } finally {
    await handle?.close();
  }
}

/** A text attribute (first value of a multi-valued one), or "" when absent. */
export function text(ds: DicomDataset, keyword: string): string {
  const v = ds[keyword];
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return "";
  if (typeof first === "object" && "Alphabetic" in (first as object)) return String((first as { Alphabetic: unknown }).Alphabetic);
  return String(first).trim();
}

/** The numeric values of an attribute (decimal strings included), or [] when absent. */
export function numbers(ds: DicomDataset, keyword: string): number[] {
  const v = ds[keyword];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => Number(x));
}

/** A sequence attribute as its items ([] when absent). */
export function items(ds: DicomDataset, keyword: string): DicomDataset[] {
  const v = ds[keyword];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as DicomDataset[];
}
