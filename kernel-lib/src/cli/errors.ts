/**
 * The command line's exit statuses and its one error printer: every error a subcommand
 * throws reaches the user through {@link reportError}, as `radlab CMD: message` on stderr,
 * never as a raw stack trace (the trace is printed only with `--debug` or RADLAB_DEBUG=1).
 */
import { RadlabInputError } from "../errors.js";

/**
 * Exit statuses shared by every subcommand (documented in each command's help notes).
 * 0 all done; 1 nothing done (every case failed, or nothing to draw); 2 bad input or usage;
 * 3 partly done (some cases failed, the rest written, failures reported);
 * 70 an unexpected internal error (a bug: EX_SOFTWARE of BSD's sysexits.h).
 */
export const EXIT = { ok: 0, nothingDone: 1, badInput: 2, partial: 3, internal: 70 } as const;

/** The exit-status paragraph for help texts, from {@link EXIT}. */
export const EXIT_STATUS_NOTE =
  `Exit status: ${EXIT.ok} done; ${EXIT.nothingDone} nothing done; ${EXIT.badInput} bad input or usage (message on stderr); ` +
  `${EXIT.internal} internal error (a bug: rerun with --debug and report the trace).`;

/** A malformed command line (unknown flag, missing or malformed value); help says how to fix it. */
export class CliUsageError extends RadlabInputError {
  constructor(
    message: string,
    /** The subcommand whose help to point at. */
    readonly command: string,
  ) {
    super(message);
  }
}

/** Where the printer writes (stderr by default; tests capture it). */
export type Writer = (text: string) => void;

/**
 * Prints an error the way every radlab command does and returns the exit status to use.
 * - input errors (a file, a case, a value the user can fix): `radlab CMD: message`, status 2;
 * - usage errors: the same plus "see `radlab CMD --help`";
 * - anything else is a bug: `radlab CMD: internal error: message`, status 70, with the
 *   stack trace only when `debug` is set.
 */
export function reportError(command: string, error: unknown, options: { debug?: boolean; write?: Writer } = {}): number {
  // console.error by default (not process.stderr.write) so in-process callers and tests can capture it.
  const write = options.write ?? ((text: string) => console.error(text.replace(/\n$/, "")));
  const debug = options.debug ?? isDebug();
  const prefix = command === "" ? "radlab" : `radlab ${command}`;
  if (error instanceof CliUsageError) {
    write(`${prefix}: ${error.message}\nsee \`radlab ${error.command} --help\`\n`);
    return EXIT.badInput;
  }
  if (error instanceof RadlabInputError) {
    write(`${prefix}: ${error.message}\n`);
    if (debug && error.stack) write(`${error.stack}\n`);
    return EXIT.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`${prefix}: internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  else write("(rerun with --debug for the stack trace)\n");
  return EXIT.internal;
}

/** True when RADLAB_DEBUG is set to anything but "" or "0". */
export function isDebug(): boolean {
  const v = process.env.RADLAB_DEBUG;
  return v !== undefined && v !== "" && v !== "0";
}
