/**
 * Reading payments.csv (SPEC §6) and the issued notices of an output root's
 * manifests: both dialects, Windows-1252, every error at its file:line:column;
 * an issue written before numbered issues is named, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/core/diagnostic.js';
import { checkPaymentNotices, parsePaymentFile } from '../src/read/inputs.js';
import { parseIssueManifest } from '../src/read/issued-notices.js';
import { makeConfig } from './helpers/workspace.js';

const config = makeConfig();
const utf8 = (t: string) => new TextEncoder().encode(t);
const read = (bytes: Uint8Array) => parsePaymentFile('payments.csv', bytes, config);
const messages = (ds: readonly Parameters<typeof formatDiagnostic>[0][]) => ds.map(formatDiagnostic);

describe('parsePaymentFile', () => {
  it('reads both dialects to the same payments', () => {
    const csv = read(utf8('payment_id,member,received_on,amount,notice,reference\nP1,vilogia,2025-07-20,20000.00,2025-S1-1-vilogia,virement 1\nP2,mons,2025-08-01,1234.5,,\n'));
    const fr = read(utf8('\uFEFFPayment_ID;Member;Received_On;Amount;Notice;Reference\r\nP1;vilogia;20/07/2025;20 000,00;2025-S1-1-vilogia;virement 1\r\nP2;mons;01/08/2025;1234,5;;\r\n'));
    expect(csv.diagnostics).toEqual([]);
    expect(fr.diagnostics).toEqual([]);
    const strip = (ps: typeof csv.payments) => ps.map(({ src, ...p }) => ({ ...p, line: src.line }));
    expect(strip(fr.payments)).toEqual(strip(csv.payments));
    expect(strip(csv.payments)).toEqual([
      { id: 'P1', member: 'vilogia', receivedOn: '2025-07-20', amount: '20000.00', notice: '2025-S1-1-vilogia', reference: 'virement 1', noticeColumn: 5, line: 2 },
      { id: 'P2', member: 'mons', receivedOn: '2025-08-01', amount: '1234.5', notice: null, reference: '', noticeColumn: 5, line: 3 },
    ]);
  });

  it('the optional columns may be left out', () => {
    const r = read(utf8('payment_id,member,received_on,amount\nP1,partenord,2025-09-01,10\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.payments.map((p) => [p.id, p.notice, p.reference])).toEqual([['P1', null, '']]);
  });

  it('a file saved as Windows-1252 is read with a warning', () => {
    // "Réf" with é as the single byte 0xE9
    const bytes = Uint8Array.from([...utf8('payment_id,member,received_on,amount,notice,reference\nP1,vilogia,2025-07-20,10.00,,R'), 0xe9, ...utf8('f\n')]);
    const r = read(bytes);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'windows-1252']]);
    expect(r.payments[0]!.reference).toBe('Réf');
  });

  it('an unknown member, a duplicate id, a bad amount or date: an error at its line and column each', () => {
    const r = read(utf8([
      'payment_id,member,received_on,amount,notice,reference',
      'P1,vilogia,2025-07-20,10.00,,',
      'P2,lille,2025-07-20,10.00,,',
      'P1,mons,2025-07-21,10.00,,',
      'P3,mons,2025-13-01,10.00,,',
      'P4,mons,2025-07-21,abc,,',
      'P5,mons,2025-07-21,-5.00,,',
      'P6,mons,2025-07-21,1.005,,',
      'P7,mons,2025-07-21,0,,',
      '',
    ].join('\n')));
    expect(messages(r.diagnostics)).toEqual([
      'payments.csv:3:2: unknown-member: member: "lille" is not a member of the config (mons, partenord, vilogia, logis-metropole)',
      'payments.csv:4:1: duplicate-payment: payment P1 is already on line 2',
      'payments.csv:5:3: bad-date: received_on: expected a date as YYYY-MM-DD or DD/MM/YYYY with a month from 01 to 12, got "2025-13-01"',
      'payments.csv:6:4: bad-number: amount: expected a decimal number such as 1234.56, 1234,56 or 1 234,56, got "abc"',
      'payments.csv:7:4: bad-number: amount: expected an amount received, above zero with at most two decimals, got -5.00',
      'payments.csv:8:4: bad-number: amount: expected an amount received, above zero with at most two decimals, got 1.005',
      'payments.csv:9:4: bad-number: amount: expected an amount received, above zero with at most two decimals, got 0',
    ]);
    expect(r.payments.map((p) => p.id)).toEqual(['P1']);
  });

  it('a notice number that was never issued, or is another member\'s: an error at the notice column', () => {
    const r = read(utf8('payment_id,member,received_on,amount,notice\nP1,vilogia,2025-07-20,10.00,2025-S1-1-vilogia\nP2,vilogia,2025-07-20,10.00,2025-S1-9-vilogia\nP3,vilogia,2025-07-20,10.00,2025-S1-1-mons\n'));
    const issued = new Map([['2025-S1-1-vilogia', 'vilogia'], ['2025-S1-1-mons', 'mons']]);
    expect(messages(checkPaymentNotices(r.payments, issued))).toEqual([
      'payments.csv:3:5: unknown-notice: notice: "2025-S1-9-vilogia" is not the number of an issued notice (none in the output root has it)',
      "payments.csv:4:5: unknown-notice: notice: 2025-S1-1-mons is mons's notice, not vilogia's",
    ]);
  });
});

const MEMBER_IDS = new Set(config.members.map((m) => m.id));

describe('parseIssueManifest', () => {
  const supplementary = {
    tool: 'medcoop', issued_on: '2025-10-01', semester: '2025-S1', issue: 2, kind: 'supplementary',
    previous: [{ issue: 1, issued_on: '2025-07-03' }], due_on: '2025-10-31',
    notices: [{
      member: 'vilogia', number: '2025-S1-2-vilogia', completes: ['2025-S1-1-vilogia'],
      share_ht: '-100.00', share_vat: '-20.00', share_ttc: '-120.00', subsidies: '30.00', net: '-150.00',
      years: [{ year: 3, share_ht: '-100.00', share_vat: '-20.00', share_ttc: '-120.00', subsidies: '30.00' }],
    }],
  };

  it('reads a supplementary issue with a negative net', () => {
    const r = parseIssueManifest('out/2025-S1-2/manifest.json', '2025-S1-2', JSON.stringify(supplementary), MEMBER_IDS);
    expect(r.diagnostics).toEqual([]);
    expect(r.notices).toEqual([{
      number: '2025-S1-2-vilogia', member: 'vilogia', semester: '2025-S1', issue: 2, kind: 'supplementary', issuedOn: '2025-10-01', dueOn: '2025-10-31',
      completes: ['2025-S1-1-vilogia'], shareHt: -10000n, shareVat: -2000n, shareTtc: -12000n, subsidies: 3000n, net: -15000n,
      years: [{ year: 3, shareHt: -10000n, shareVat: -2000n, shareTtc: -12000n, subsidies: 3000n }],
    }]);
  });

  it('a manifest written before numbered issues names its folder', () => {
    const old = { tool: 'medcoop', version: '0.1.0', command: 'bill', issued_on: '2025-07-03', dialect: 'csv' };
    const r = parseIssueManifest('out/2025-S1/manifest.json', '2025-S1', JSON.stringify(old), MEMBER_IDS);
    expect(r.notices).toEqual([]);
    expect(messages(r.diagnostics)).toEqual([
      'out/2025-S1/manifest.json: old-manifest: the issue in 2025-S1/ has no semester, issue, kind, due_on, notices in its manifest: it was written by a medcoop without numbered issues (SPEC §5), so its notices cannot be followed; bill the semester again with this version (--force replaces it) or move the folder out of the output root',
    ]);
  });

  it('bad fields, a folder that is not the issue, a net that does not add up: each named', () => {
    const bad = structuredClone(supplementary) as typeof supplementary & { notices: Record<string, unknown>[] };
    bad.notices[0]!.net = '-149.99';
    bad.notices[0]!.share_ht = -100;
    bad.notices[0]!.member = 'lille';
    const r = parseIssueManifest('out/2025-S1-3/manifest.json', '2025-S1-3', JSON.stringify(bad), MEMBER_IDS);
    expect(r.notices).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '2025-S1-3/manifest.json: the folder\'s name 2025-S1-3 does not match issue 2 of 2025-S1 (2025-S1-2)',
      '2025-S1-3/manifest.json: notices[0].member: "lille" is not a member of the config',
      '2025-S1-3/manifest.json: notices[0].share_ht: expected an amount as a string with two decimals, got -100',
      '2025-S1-3/manifest.json: notices[0].net: -149.99 is not share_ttc − subsidies',
    ]);
    expect(parseIssueManifest('m', '2025-S1', '{not json', MEMBER_IDS).diagnostics[0]!.code).toBe('bad-issue');
  });
});
