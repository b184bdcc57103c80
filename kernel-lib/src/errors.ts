/**
 * Input errors that a user can act on. Each names the file, the case (when known) and what
 * is wrong, so a batch can report it and move on.
 */
export class RadlabInputError extends Error {
  override readonly name = "RadlabInputError";
  constructor(
    message: string,
    /** The file at fault, when there is one. */
    readonly file?: string,
    /** The case id (manifest row), when known. */
    readonly caseId?: string,
  ) {
    super(message);
  }
}

/** Prefixes a message with the case, when there is one: "case P001: …". */
export function withCase(caseId: string | undefined, message: string): string {
  return caseId === undefined ? message : `case ${caseId}: ${message}`;
}
