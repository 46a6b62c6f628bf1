/**
 * manifest.json: everything an auditor needs to recompute a run — tool and
 * version, command and options, issue date, dialect, the config as read, and
 * the SHA-256 of every input and output. No clock, no absolute path: the same
 * run gives the same bytes.
 */
import { createHash } from 'node:crypto';
import type { Bill } from '../core/bill.js';
import { formatCents } from '../core/exact.js';
import { issueYears, noticeNumber, type IssueInfo } from '../core/issues.js';
import type { Config, Dialect } from '../core/model.js';
import { semesterName } from '../core/semester.js';

export interface FileBytes {
  path: string;
  bytes: Uint8Array;
  /** SHA-256 (hex) and length of `bytes` when already known: a large input's bytes are not kept in memory (src/read/workspace.ts). */
  sha256?: string;
  size?: number;
  /**
   * The same bytes a piece at a time, for a writer that copies the file
   * without holding it whole (a large input of the audit pack). Each piece
   * is valid until the next is asked for; the last check throws if the file
   * no longer has `sha256`.
   */
  pieces?: () => Iterable<Uint8Array>;
}

/** A file already written: its path, SHA-256 (hex) and length, its bytes no longer held. */
export interface FileDigest {
  path: string;
  sha256: string;
  size: number;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The config in the shape of medcoop.json, decimals as the exact strings read. */
export function configJson(c: Config): unknown {
  return {
    name: c.name,
    contract: c.contract,
    coordinator: c.coordinator,
    members: c.members,
    keys: c.keys.map((k) => ({ from: k.from, shares: Object.fromEntries(k.shares.map((s) => [s.member, s.pct])) })),
    prices: c.prices,
    revision: {
      fixed: c.revision.fixed,
      variable: c.revision.variable,
      base: c.revision.base,
      current: c.revision.current,
      known_on: c.revision.knownOn,
      rounding: c.revision.rounding,
      ...(c.revision.series !== null ? { series: c.revision.series } : {}),
    },
    vat_pct: c.vatPct,
    payment_days: c.paymentDays,
    inputs: {
      index: c.inputs.index, invoices: c.inputs.invoices,
      ...(c.inputs.subsidies !== null ? { subsidies: c.inputs.subsidies } : {}),
      ...(c.inputs.payments ? { payments: c.inputs.payments } : {}),
      ...(c.inputs.rates ? { rates: c.inputs.rates } : {}),
    },
    ...(c.output.dialect !== null ? { output: { dialect: c.output.dialect } } : {}),
    ...(Object.keys(c.notice).length > 0 ? { notice: c.notice } : {}),
    ...(c.forecast ? { forecast: { quantities: c.forecast.quantities } } : {}),
    ...(c.renewal ? { renewal: { deadline_days: c.renewal.deadlineDays } } : {}),
    ...(c.invoicesFrom ? { invoices_from: c.invoicesFrom } : {}),
  };
}

export interface ManifestInput {
  version: string;
  command: string;
  options: Record<string, string | boolean | null>;
  issuedOn: string;
  dialect: Dialect;
  config: Config;
  inputs: readonly FileBytes[];
  outputs: readonly (FileBytes | FileDigest)[];
  /** The issue's fields (SPEC §5, `issueFields`), after `issued_on`. */
  issue?: Record<string, unknown>;
}

/**
 * The manifest's fields describing an issue (SPEC §5; read by `status`):
 * semester, number, kind, earlier issues, due date, what it replaces, and
 * each notice with its figures (the differences in a supplementary issue)
 * split by contract year. `bill` is what the issue bills; `before` and `after`
 * the semester's figures before it and with it (before = null for issue 1).
 */
export function issueFields(config: Config, bill: Bill, info: IssueInfo, before: Bill | null, after: Bill): Record<string, unknown> {
  const yearsOf = issueYears(config, before, after);
  return {
    semester: semesterName(bill.semester),
    issue: info.issue,
    kind: info.kind,
    previous: info.previous.map((p) => ({ issue: p.issue, issued_on: p.issuedOn })),
    due_on: bill.dueOn,
    replaces: info.replaces ?? null,
    notices: bill.members.map((m) => ({
      member: m.member.id,
      number: noticeNumber(bill.semester, info.issue, m.member.id),
      completes: [...(info.completes.get(m.member.id) ?? [])],
      share_ht: formatCents(m.shareHt),
      share_vat: formatCents(m.shareVat),
      share_ttc: formatCents(m.shareTtc),
      subsidies: formatCents(m.subsidies),
      net: formatCents(m.net),
      years: yearsOf(m.member.id).map((y) => ({
        year: y.year,
        share_ht: formatCents(y.shareHt),
        share_vat: formatCents(y.shareTtc - y.shareHt),
        share_ttc: formatCents(y.shareTtc),
        subsidies: formatCents(y.subsidies),
      })),
    })),
  };
}

export function renderManifest(m: ManifestInput): string {
  const doc = {
    tool: 'medcoop',
    version: m.version,
    command: m.command,
    options: m.options,
    issued_on: m.issuedOn,
    ...(m.issue ?? {}),
    dialect: m.dialect,
    config: configJson(m.config),
    inputs: [...m.inputs].sort(byPath).map((f) => ({ path: f.path, sha256: f.sha256 ?? sha256(f.bytes), bytes: f.size ?? f.bytes.length })),
    outputs: [...m.outputs].sort(byPath).map((f) => ({ path: f.path, sha256: f.sha256 ?? sha256((f as FileBytes).bytes), bytes: f.size ?? (f as FileBytes).bytes.length })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
