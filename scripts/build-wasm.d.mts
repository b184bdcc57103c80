/** The WebAssembly text files of kernel-lib, relative to the repository root. */
export const WAT_SOURCES: string[];
/** The module bytes wabt assembles from `watPath`. */
export function assemble(watPath: string): Promise<Uint8Array>;
/** The generated TypeScript for a module's bytes. */
export function generatedSource(watFile: string, bytes: Uint8Array): string;
