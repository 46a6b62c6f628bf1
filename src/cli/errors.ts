import type { Diagnostic } from '../core/diagnostic.js';

/** Exit codes of SPEC §4, and 70 (EX_SOFTWARE in sysexits.h) for a bug in medcoop itself (issue 4). */
export const EXIT = { ok: 0, invalid: 1, usage: 2, differences: 3, internal: 70 } as const;

/** Thrown by commands; the one top-level catch in main turns it into a message and an exit code. */
export class CliError extends Error {
  constructor(readonly exitCode: number, message: string, readonly diagnostics: readonly Diagnostic[] = []) {
    super(message);
  }
}

export function usage(message: string): CliError {
  return new CliError(EXIT.usage, message);
}
