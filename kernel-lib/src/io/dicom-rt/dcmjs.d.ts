/**
 * The part of dcmjs (0.52, shipped without type declarations) that radlab uses: reading a
 * DICOM file into a dataset keyed by attribute keyword.
 */
declare module "dcmjs" {
  interface DicomDict {
    meta: Record<string, unknown>;
    dict: Record<string, unknown>;
  }
  interface ReadOptions {
    ignoreErrors?: boolean;
    /** Stop reading at this tag ("7FE00010" skips the pixel data of an image). */
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    /** With untilTag: stop at the first tag after it too (when the tag itself is absent). */
    stopOnGreaterTag?: boolean;
    noCopy?: boolean;
  }
  const dcmjs: {
    data: {
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: ReadOptions): DicomDict };
      DicomMetaDictionary: { naturalizeDataset(dict: Record<string, unknown>): Record<string, unknown> };
    };
    log: { setLevel(level: string): void };
  };
  export default dcmjs;
}
