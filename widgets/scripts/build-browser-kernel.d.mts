/** Builds the browser kernel's worker bundle and copies its itk-wasm pipelines; their paths and sizes in bytes. */
export function buildBrowserKernel(): Promise<{ file: string; bytes: number; itk: string; itkBytes: number }>;
