/**
 * Headless Chromium for the printable pages (notices, statements, reminders):
 * print to PDF and count the pages, or measure the laid-out size in an A4
 * window. Debian's `chromium`, installed by .ci/run; tests skip without it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../e2e-helpers.js';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  console.warn(`${CHROMIUM} not found: the A4 print tests are skipped (install Debian's chromium package: .ci/run does)`);
}

export function chromium(args: string[]): { stdout: string; stderr: string } {
  const profile = tempDir();
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`, ...args,
  ], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, TZ: 'UTC', LANG: 'C.UTF-8' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`chromium exited with ${r.status}\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Pages and their sizes (points) in a PDF as Chromium (Skia) writes it: page objects are not compressed. */
export function pdfPages(pdf: Buffer): { count: number; boxes: number[][] } {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)].map((m) => m.slice(1, 5).map(Number));
  return { count: pages.length, boxes };
}

/** The notice's laid-out size in a 794 × 1123 px window (A4 at 96 dpi), measured by a script added to a copy. */
export function measure(htmlPath: string): { mainWidthMm: number; contentWidthMm: number; contentHeightMm: number } {
  const probe = join(tempDir(), 'probe.html');
  const script = `<script>
const mm = 96 / 25.4, main = document.querySelector('main'), box = main.getBoundingClientRect();
let right = box.right, bottom = box.bottom;
for (const e of document.querySelectorAll('main *')) { const r = e.getBoundingClientRect(); if (r.width || r.height) { right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom); } }
document.body.setAttribute('data-measure', JSON.stringify({ mainWidthMm: box.width / mm, contentWidthMm: (right - box.left) / mm, contentHeightMm: (bottom - box.top) / mm }));
</script>`;
  writeFileSync(probe, readFileSync(htmlPath, 'utf8').replace('</body>', `${script}</body>`));
  const { stdout } = chromium(['--window-size=794,1123', '--dump-dom', pathToFileURL(probe).href]);
  const m = /data-measure="([^"]*)"/.exec(stdout);
  if (!m) throw new Error(`no measure in chromium's DOM dump:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(m[1]!.replace(/&quot;/g, '"'));
}
