import type { Diagnostic } from '../core/diagnostic.js';
import { t } from './i18n.js';

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

/**
 * Words given to a command that takes none: wrong usage, with the flag the
 * word was probably meant for (`bill 2025-S1` → `--semester 2025-S1`).
 */
export function noArguments(command: string, args: readonly string[], flags: readonly string[]): void {
  if (args.length === 0) return;
  const word = args[0]!;
  let hint = '';
  if (flags.includes('--semester') && /^\d{4}-?S[12]$/i.test(word)) hint = t('usage.hint.semester', { value: word.toUpperCase().replace(/^(\d{4})S/, '$1-S') });
  else if (flags.includes('--year') && /^[1-9]\d{0,2}$/.test(word)) hint = t('usage.hint.year', { value: word });
  else if (flags.includes('--amount') && /^-?\d[\d\s]*([.,]\d+)?$/.test(word)) hint = t('usage.hint.amount', { value: word });
  else if (flags.includes('--dir') && !word.startsWith('-') && /[/\\]|^\.{1,2}$/.test(word)) hint = t('usage.hint.dir', { value: word });
  throw usage(`${t('usage.noArgument', { command, word: JSON.stringify(word) })}${hint}`);
}
