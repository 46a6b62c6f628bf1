/**
 * Problems are values, not exceptions: every reader and rule returns the
 * diagnostics it found, each with the place it comes from, and only the CLI
 * turns them into text and an exit code.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** A stable, kebab-case code (`bad-date`, `late-payment`...): scripts match on it. */
  code: string;
  message: string;
  /** Path as the user knows it: relative to the workspace when inside it. */
  file?: string;
  /** 1-based line of the file. */
  line?: number;
  /** 1-based column: the field number in a CSV row, the character in a JSON file. */
  column?: number;
  /**
   * The values the message is made of (issue 15), so that the terminal can
   * say it in the user's language (the catalogue's `diag.<code>` or
   * `diag.<code>.<variant>` text); `message` stays the English text, the one
   * --json and files carry. Absent: the message is shown as it is.
   */
  values?: Readonly<Record<string, string | number>>;
  variant?: string;
}

type Place = Partial<Pick<Diagnostic, 'file' | 'line' | 'column'>>;
/** The values of a message, and which of the code's messages it is when the code has several. */
export type Text = { values: Readonly<Record<string, string | number>>; variant?: string };

export function error(code: string, message: string, at: Place = {}, text?: Text): Diagnostic {
  return { severity: 'error', code, message, ...at, ...text };
}

export function warning(code: string, message: string, at: Place = {}, text?: Text): Diagnostic {
  return { severity: 'warning', code, message, ...at, ...text };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sort by file, then line, then column; diagnostics without a place come first. Stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const fa = a.d.file ?? '';
      const fb = b.d.file ?? '';
      if (fa !== fb) return fa < fb ? -1 : 1;
      const la = a.d.line ?? 0;
      const lb = b.d.line ?? 0;
      if (la !== lb) return la - lb;
      const ca = a.d.column ?? 0;
      const cb = b.d.column ?? 0;
      if (ca !== cb) return ca - cb;
      return a.i - b.i;
    })
    .map(({ d }) => d);
}

/** `file:line:column: code: message`, leaving out the parts that are unknown. */
export function formatDiagnostic(d: Diagnostic): string {
  return formatDiagnosticAs(d, d.message);
}

/**
 * The same with `message` in place of the English one (the terminal's
 * language, issue 15): the place, `warning:` and the code are the same in
 * every language.
 */
export function formatDiagnosticAs(d: Diagnostic, message: string): string {
  let where = '';
  if (d.file !== undefined) {
    where = d.file;
    if (d.line !== undefined) {
      where += `:${d.line}`;
      if (d.column !== undefined) where += `:${d.column}`;
    }
    where += ': ';
  }
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}${sev}${d.code}: ${message}`;
}
