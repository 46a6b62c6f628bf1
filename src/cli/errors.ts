import type { Diagnostic } from '../core/diagnostic.js';

/** Exit codes of SPEC §4. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, differences: 3 } as const;

/** Thrown by commands; the one top-level catch in main turns it into a message and an exit code. */
export class CliError extends Error {
  constructor(readonly exitCode: number, message: string, readonly diagnostics: readonly Diagnostic[] = []) {
    super(message);
  }
}

export function usage(message: string): CliError {
  return new CliError(EXIT.usage, message);
}
