/**
 * A native reader for NRRD (.nrrd with attached data, .nhdr or .nrrd with a detached data
 * file) that returns what itk-wasm's readImageNode returns (ITK's NrrdImageIO on Teem's NrrdIO),
 * without instantiating WebAssembly. Scalar 2D/3D images, encodings raw and gzip, either byte
 * order. It answers null for what it does not handle, so the caller falls back to itk-wasm:
 * other encodings (ascii, hex, bzip2, zrl), 64-bit integer or block types, non-domain axes
 * (vector, colour, tensor pixels), "none" space directions, axis mins, line skips, data file
 * lists and patterns, time spaces, left-anterior-superior, unknown fields.
 * Reference: NRRD format (teem.sourceforge.net/nrrd/format.html); ITK
 * Modules/IO/NRRD/src/itkNrrdImageIO.cxx ReadImageInformation; NrrdIO axis.c nrrdSpacingCalculate.
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import type { ItkImage } from "./itk.js";
import { COMPONENT_BYTES, CorruptVolumeError, gunzip, type NativeComponentType, voxelsFromBytes } from "./volume-bytes.js";

/** Teem's type names (nrrdType, case-insensitive) of the types read natively. */
const TYPES: Record<string, NativeComponentType> = {
  "signed char": "int8",
  int8: "int8",
  int8_t: "int8",
  uchar: "uint8",
  "unsigned char": "uint8",
  uint8: "uint8",
  uint8_t: "uint8",
  short: "int16",
  "short int": "int16",
  "signed short": "int16",
  "signed short int": "int16",
  int16: "int16",
  int16_t: "int16",
  ushort: "uint16",
  "unsigned short": "uint16",
  "unsigned short int": "uint16",
  uint16: "uint16",
  uint16_t: "uint16",
  int: "int32",
  "signed int": "int32",
  int32: "int32",
  int32_t: "int32",
  uint: "uint32",
  "unsigned int": "uint32",
  uint32: "uint32",
  uint32_t: "uint32",
  float: "float32",
  double: "float64",
};

/**
 * Spaces read natively, with the factors ITK applies to reach LPS (R → L and A → P negate
 * x and y); the space-independent 3D spaces are taken verbatim, as ITK does. Left-anterior-
 * superior is left to itk-wasm: its ITK negates the origin's x there, not y (so a LAS file
 * reads as it always has in radlab).
 */
const SPACES: Record<string, [number, number, number]> = {
  "right-anterior-superior": [-1, -1, 1],
  "right anterior superior": [-1, -1, 1],
  rightanteriorsuperior: [-1, -1, 1],
  ras: [-1, -1, 1],
  "left-posterior-superior": [1, 1, 1],
  "left posterior superior": [1, 1, 1],
  leftposteriorsuperior: [1, 1, 1],
  lps: [1, 1, 1],
  "scanner-xyz": [1, 1, 1],
  "3d-right-handed": [1, 1, 1],
  "3d-left-handed": [1, 1, 1],
};

/** Kinds of a domain axis (Teem nrrdDomainAxesGet: domain, space, time, or unknown). */
const DOMAIN_KINDS = new Set(["domain", "space", "time", "???", "none"]);

/** Fields that do not change the voxels or the geometry ITK reports. */
const IGNORED_FIELDS = new Set([
  "content",
  "number",
  "thicknesses",
  "axismaxs",
  "centers",
  "centerings",
  "labels",
  "units",
  "min",
  "max",
  "oldmin",
  "oldmax",
  "sampleunits",
  "spaceunits",
  "measurementframe",
]);

/** The header of a NRRD file: its fields (names lower-case, without spaces) and where attached data starts. */
interface NrrdHeader {
  fields: Map<string, string>;
  dataOffset: number;
}

/**
 * Reads a .nrrd or .nhdr file (from `bytes` when already read); null when it is a NRRD flavour
 * this reader leaves to itk-wasm.
 */
export async function readNrrd(path: string, fileBytes?: Uint8Array): Promise<ItkImage | null> {
  const bytes = fileBytes ?? (await readFile(path));
  const header = parseNrrdHeader(bytes);
  if (header === null) return null;
  const dataFile = header.fields.get("datafile");
  if (dataFile === undefined) return decodeNrrd(header, bytes);
  if (dataFile === "LIST" || dataFile.includes("%") || /\s/.test(dataFile.trim())) return null;
  const dataPath = isAbsolute(dataFile) ? dataFile : join(dirname(path), dataFile);
  let data: Uint8Array;
  try {
    data = await readFile(dataPath);
  } catch {
    throw new CorruptVolumeError(`its data file ${dataPath} cannot be read`);
  }
  return decodeNrrd({ ...header, dataOffset: 0 }, data);
}

/**
 * Splits a NRRD file into its header fields and the offset of the attached data: the magic
 * line "NRRD000n", then "field: value" lines ("key:=value" pairs and # comments skipped) up to
 * the first empty line (or the end of a detached header). Null when it is not a NRRD.
 */
export function parseNrrdHeader(bytes: Uint8Array): NrrdHeader | null {
  if (bytes.length < 8 || !/^NRRD000[1-9]$/.test(String.fromCharCode(...bytes.subarray(0, 8)))) return null;
  const fields = new Map<string, string>();
  let start = 0;
  let dataOffset = bytes.length;
  let first = true;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    const next = end < 0 ? bytes.length : end + 1;
    if (end < 0) end = bytes.length;
    let line = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1");
    if (line.endsWith("\r")) line = line.slice(0, -1);
    start = next;
    if (first) {
      first = false;
      continue;
    }
    if (line === "") {
      dataOffset = start;
      break;
    }
    if (line.startsWith("#")) continue;
    const colon = line.indexOf(": ");
    const keyValue = line.indexOf(":=");
    if (keyValue >= 0 && (colon < 0 || keyValue < colon)) continue;
    if (colon < 0) return null;
    const name = line.slice(0, colon).toLowerCase().replaceAll(" ", "");
    if (fields.has(name)) return null;
    fields.set(name, line.slice(colon + 2).trim());
  }
  return { fields, dataOffset };
}

/** The image of a parsed header and the bytes holding its data (from `dataOffset`); null when not handled. */
function decodeNrrd(header: NrrdHeader, bytes: Uint8Array): ItkImage | null {
  const { fields } = header;
  for (const name of fields.keys()) {
    if (!IGNORED_FIELDS.has(name) && !HANDLED_FIELDS.has(name)) return null;
  }
  const type = TYPES[(fields.get("type") ?? "").toLowerCase()];
  const dimension = Number(fields.get("dimension"));
  const sizes = words(fields.get("sizes")).map(Number);
  if (type === undefined || !(dimension === 2 || dimension === 3) || sizes.length !== dimension) return null;
  if (sizes.some((s) => !Number.isInteger(s) || s <= 0)) return null;
  const kinds = words(fields.get("kinds"));
  if (fields.has("kinds") && (kinds.length !== dimension || kinds.some((k) => !DOMAIN_KINDS.has(k.toLowerCase())))) return null;

  const geometry = nrrdGeometry(fields, dimension);
  if (geometry === null) return null;

  const encoding = (fields.get("encoding") ?? "").toLowerCase();
  if (encoding !== "raw" && encoding !== "gzip" && encoding !== "gz") return null;
  const endian = (fields.get("endian") ?? "").toLowerCase();
  if (COMPONENT_BYTES[type] > 1 && endian !== "little" && endian !== "big") return null;
  if (Number(fields.get("lineskip") ?? 0) !== 0) return null;
  const byteSkip = Number(fields.get("byteskip") ?? 0);
  if (!Number.isInteger(byteSkip) || byteSkip < -1) return null;

  const voxelCount = sizes.reduce((a, b) => a * b, 1);
  const byteLength = voxelCount * COMPONENT_BYTES[type];
  let payload = bytes.subarray(header.dataOffset);
  let offset = 0;
  if (encoding === "raw") {
    // byte skip −1: the data are the last bytes of the file, whatever precedes them.
    offset = byteSkip === -1 ? Math.max(0, payload.length - byteLength) : byteSkip;
  } else {
    if (byteSkip !== 0) return null;
    payload = gunzip(payload);
  }
  const data = voxelsFromBytes(payload, offset, voxelCount, type, endian !== "big");
  return {
    imageType: { dimension, componentType: type, pixelType: "Scalar", components: 1 },
    origin: geometry.origin,
    spacing: geometry.spacing,
    direction: Float64Array.from(geometry.direction),
    size: sizes,
    data,
  };
}

const HANDLED_FIELDS = new Set([
  "type",
  "dimension",
  "sizes",
  "kinds",
  "encoding",
  "endian",
  "lineskip",
  "byteskip",
  "datafile",
  "space",
  "spacedimension",
  "spacedirections",
  "spaceorigin",
  "spacings",
]);

/**
 * ITK's geometry of a NRRD (NrrdImageIO::ReadImageInformation). With a space: spacing = |v|
 * and direction = v·(1/|v|) of each axis's space direction v (nrrdSpacingCalculate), and the
 * space origin, both turned into LPS by the space's factors. Without one: "spacings" (or 1),
 * origin 0, identity directions. Null for the combinations ITK rejects or this reader leaves out.
 */
function nrrdGeometry(fields: Map<string, string>, dimension: number): { spacing: number[]; origin: number[]; direction: number[] } | null {
  const spaceName = fields.get("space");
  const spaceDimension = fields.has("spacedimension") ? Number(fields.get("spacedimension")) : undefined;
  let factors: number[] = [1, 1, 1];
  let spaceDim = 0;
  if (spaceName !== undefined) {
    const known = SPACES[spaceName.toLowerCase()];
    if (known === undefined || spaceDimension !== undefined) return null;
    factors = known;
    spaceDim = 3;
  } else if (spaceDimension !== undefined) {
    if (!Number.isInteger(spaceDimension) || spaceDimension < 1) return null;
    spaceDim = spaceDimension;
  }
  const direction = Array.from({ length: dimension * dimension }, (_, k): number => (k % (dimension + 1) === 0 ? 1 : 0));
  const spacing = new Array<number>(dimension).fill(1);
  const origin = new Array<number>(dimension).fill(0);
  if (spaceDim === 0) {
    if (fields.has("spacedirections") || fields.has("spaceorigin")) return null;
    if (fields.has("spacings")) {
      const values = words(fields.get("spacings"));
      if (values.length !== dimension) return null;
      for (let d = 0; d < dimension; d++) {
        // An unknown spacing (nan) leaves ITK's default of 1; anything else must be a number.
        if (values[d].toLowerCase() === "nan") continue;
        const value = Number(values[d]);
        if (!Number.isFinite(value)) return null;
        spacing[d] = value;
      }
    }
    return { spacing, origin, direction };
  }
  // ITK needs one space direction per domain axis; a mixed "spacings" + space is an error there.
  if (spaceDim !== dimension || fields.has("spacings")) return null;
  const vectors = parseVectors(fields.get("spacedirections") ?? "", spaceDim);
  if (vectors === null || vectors.length !== dimension) return null;
  for (let axis = 0; axis < dimension; axis++) {
    const v = vectors[axis];
    let squares = 0;
    for (const x of v) squares += x * x;
    const length = Math.sqrt(squares);
    if (!(length > 0)) return null;
    spacing[axis] = length;
    const scale = 1 / length;
    for (let r = 0; r < dimension; r++) direction[r * dimension + axis] = factors[r] * (v[r] * scale);
  }
  if (fields.has("spaceorigin")) {
    const parsed = parseVectors(fields.get("spaceorigin") ?? "", spaceDim);
    if (parsed === null || parsed.length !== 1) return null;
    for (let r = 0; r < dimension; r++) origin[r] = factors[r] * parsed[0][r];
  }
  return { spacing, origin, direction };
}

/** Parses "(a,b,c) (d,e,f) …" into vectors of `length` finite numbers; null for "none" or anything malformed. */
function parseVectors(text: string, length: number): number[][] | null {
  const vectors: number[][] = [];
  const rest = text.replace(/\(([^)]*)\)/g, (_, inner: string) => {
    vectors.push(inner.split(",").map((s) => (s.trim() === "" ? Number.NaN : Number(s))));
    return " ";
  });
  if (rest.trim() !== "") return null;
  if (vectors.some((v) => v.length !== length || v.some((x) => !Number.isFinite(x)))) return null;
  return vectors;
}

function words(text: string | undefined): string[] {
  return text === undefined
    ? []
    : text
        .trim()
        .split(/\s+/)
        .filter((w) => w !== "");
}
