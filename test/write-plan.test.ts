/**
 * writeOutputPlan: streamed files are written a piece at a time and hashed on
 * the way (the manifest gets their SHA-256 and sizes), and an output folder
 * still appears whole or not at all.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOutputPlan, type OutputPlan } from '../src/cli/write.js';
import type { FileDigest } from '../src/render/manifest.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function plan(recap: string[]): OutputPlan & { seen: FileDigest[][] } {
  const seen: FileDigest[][] = [];
  return {
    seen,
    streamed: [{ path: 'recap.csv', chunks: () => recap }, { path: 'notice-a.csv', chunks: () => [Buffer.from('é;1\r\n')] }],
    files: [{ path: 'inputs/invoices/2025.csv', bytes: Buffer.from('id\n') }],
    last: (written) => {
      seen.push([...written]);
      return { path: 'manifest.json', bytes: Buffer.from(JSON.stringify(written)) };
    },
  };
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('writeOutputPlan', () => {
  it('writes the pieces in order and gives the manifest the SHA-256 and size of each streamed file', () => {
    const root = mkdtempSync(join(tmpdir(), 'medcoop-plan-'));
    dirs.push(root);
    const target = join(root, 'out', '2025-S1');
    const p = plan(['a,b\r\n', 'é,2\r\n', '']);
    expect(writeOutputPlan(target, p, false)).toEqual({ status: 'written' });
    // "a,b\r\n" is 5 bytes, "é,2\r\n" 6 (é is 2 bytes in UTF-8): 11; "é;1\r\n" 6.
    expect(readFileSync(join(target, 'recap.csv'), 'utf8')).toBe('a,b\r\né,2\r\n');
    expect(p.seen).toEqual([[
      { path: 'recap.csv', sha256: sha('a,b\r\né,2\r\n'), size: 11 },
      { path: 'notice-a.csv', sha256: sha('é;1\r\n'), size: 6 },
    ]]);
    expect(readFileSync(join(target, 'inputs/invoices/2025.csv'), 'utf8')).toBe('id\n');
    expect(readdirSync(join(root, 'out'))).toEqual(['2025-S1']); // no temporary folder left
  });

  it('leaves the same bytes alone, refuses other bytes without force (nothing left behind), replaces them with force', () => {
    const root = mkdtempSync(join(tmpdir(), 'medcoop-plan-'));
    dirs.push(root);
    const target = join(root, '2025-S1');
    writeOutputPlan(target, plan(['x\r\n']), false);
    const before = statSync(join(target, 'recap.csv'));
    expect(writeOutputPlan(target, plan(['x', '\r\n']), false)).toEqual({ status: 'unchanged' });
    expect(statSync(join(target, 'recap.csv')).ino).toBe(before.ino);
    expect(writeOutputPlan(target, plan(['y\r\n']), false)).toEqual({ status: 'refused', reason: 'recap.csv would change', words: { key: 'changed', name: 'recap.csv' } });
    expect(readFileSync(join(target, 'recap.csv'), 'utf8')).toBe('x\r\n');
    expect(readdirSync(root)).toEqual(['2025-S1']);
    expect(writeOutputPlan(target, plan(['y\r\n']), true)).toEqual({ status: 'replaced' });
    expect(readFileSync(join(target, 'recap.csv'), 'utf8')).toBe('y\r\n');
    expect(readdirSync(root)).toEqual(['2025-S1']);
  });

  it('removes the temporary folder when making a file fails, and writes nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'medcoop-plan-'));
    dirs.push(root);
    const target = join(root, '2025-S1');
    const bad: OutputPlan = {
      streamed: [{ path: 'recap.csv', *chunks() { yield 'a\r\n'; throw new Error('boom'); } }],
      files: [],
    };
    expect(() => writeOutputPlan(target, bad, false)).toThrow('boom');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });
});
