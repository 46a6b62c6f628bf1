/**
 * The ZIP that insee.fr serves for a series download
 * (`serie_010767832_<date>.zip`: `valeurs_mensuelles.csv` and
 * `caractéristiques.csv`). Only what such a file needs: the central
 * directory, entries stored or deflated, each checked against its CRC-32.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { error, type Diagnostic, type Text } from '../core/diagnostic.js';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** 64 MiB: far above any INSEE series download, far below what would exhaust memory. */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function readZip(file: string, bytes: Uint8Array): { entries: ZipEntry[] | null; diagnostics: Diagnostic[] } {
  const fail = (message: string, text: Text) => ({ entries: null, diagnostics: [error('insee-zip', message, { file }, text)] });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail('a damaged ZIP: its central directory is missing (was the download complete?)', { values: {}, variant: 'noDirectory' });
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  try {
    for (let k = 0; k < count; k++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) return fail('a damaged ZIP: bad central directory entry', { values: {}, variant: 'badEntry' });
      const flags = view.getUint16(p + 8, true);
      const method = view.getUint16(p + 10, true);
      const crc = view.getUint32(p + 16, true);
      const compressedSize = view.getUint32(p + 20, true);
      const size = view.getUint32(p + 24, true);
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const commentLength = view.getUint16(p + 32, true);
      const local = view.getUint32(p + 42, true);
      const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
      const name = flags & 0x800 ? new TextDecoder().decode(nameBytes) : Buffer.from(nameBytes).toString('latin1');
      p += 46 + nameLength + extraLength + commentLength;
      if (name.endsWith('/')) continue;
      if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) return fail(`a damaged ZIP: bad local header for ${name}`, { values: { name }, variant: 'badHeader' });
      if (flags & 0x1) return fail(`${name} is encrypted in the ZIP`, { values: { name }, variant: 'encrypted' });
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const raw = bytes.subarray(start, start + compressedSize);
      let data: Uint8Array;
      // An INSEE download is a few hundred kB; a ZIP bomb declares (or hides)
      // gigabytes. Nothing is inflated past the size the entry declares, and
      // no entry may declare more than MAX_ENTRY_BYTES.
      if (size > MAX_ENTRY_BYTES) return fail(`${name} would unzip to ${size} bytes, more than the ${MAX_ENTRY_BYTES} an INSEE download ever holds: not an INSEE download`, { values: { name, size, max: MAX_ENTRY_BYTES }, variant: 'tooBig' });
      if (method === 0) data = raw;
      else if (method === 8) {
        try {
          data = inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return fail(`a damaged ZIP: ${name} unzips to more than the ${size} bytes it declares`, { values: { name, size }, variant: 'overSize' });
          throw e;
        }
      }
      else return fail(`${name} uses a compression method (${method}) medcoop cannot read; unzip it and import the CSV`, { values: { name, method }, variant: 'method' });
      if (data.length !== size || crc32(data) >>> 0 !== crc) return fail(`a damaged ZIP: ${name} does not match its checksum`, { values: { name }, variant: 'checksum' });
      entries.push({ name, data });
    }
  } catch (e) {
    return fail(`a damaged ZIP: ${(e as Error).message}`, { values: { why: (e as Error).message }, variant: 'damaged' });
  }
  return { entries, diagnostics: [] };
}
