/**
 * The SDMX-ML answer of the BDM web service (src/read/insee-sdmx.ts): the
 * structure-specific data INSEE serves, and a strict little XML reader that
 * reports the line and column of anything malformed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSdmx, readXml } from '../src/read/insee-sdmx.js';
import { monthlyValues, readInseeFile } from '../src/read/insee.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/insee/', import.meta.url));
const fixture = (path: string) => readFileSync(join(FIXTURES, path));

const doc = (series: string) =>
  `<?xml version='1.0' encoding='UTF-8'?>
<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
  <message:Header><message:ID>x</message:ID></message:Header>
  <message:DataSet>
${series}
  </message:DataSet>
</message:StructureSpecificData>
`;

describe('the answer of bdm.insee.fr/series/sdmx/data/SERIES_BDM/010767832', () => {
  it('is read as one monthly series with its observations, newest first', () => {
    const r = readInseeFile('a.xml', fixture('sdmx/SERIES_BDM-010767832.xml'));
    expect(r.diagnostics).toEqual([]);
    expect(r.data!.format).toBe('sdmx-ml');
    const s = r.data!.series[0]!;
    expect(s).toMatchObject({ idBank: '010767832', frequency: 'M', lastUpdate: '2026-04-03', line: 18, column: 5 });
    expect(s.label).toContain('Industrie pharmaceutique');
    expect(s.observations).toHaveLength(12);
    expect(s.observations[0]).toEqual({ period: '2026-02', value: '116.51', status: 'A', line: 19, column: 7 });
    expect(s.observations[11]).toMatchObject({ period: '2025-03', value: '125.1' });
  });

  it('gives the same values as the CSV download of the same months', () => {
    const xml = readInseeFile('a.xml', fixture('sdmx/SERIES_BDM-010767832.xml')).data!.series[0]!;
    const csv = readInseeFile('v.csv', fixture('bdm-010767832/valeurs_mensuelles.csv')).data!.series[0]!;
    const pick = (o: { period: string; value: string | null; status: string }) => [o.period, o.value, o.status];
    expect(xml.observations.map(pick)).toEqual(csv.observations.slice(0, 12).map(pick));
  });

  it('a missing value (OBS_VALUE="NaN", status O) is skipped', () => {
    const s = readInseeFile('b.xml', fixture('sdmx/SERIES_BDM-010767832-later.xml')).data!.series[0]!;
    expect(s.observations[0]).toMatchObject({ period: '2026-04', value: null, status: 'O' });
    const m = monthlyValues('b.xml', s);
    expect(m.skipped.map((x) => x.period)).toEqual(['2026-04']);
    expect(m.values.find((v) => v.period === '2025-10')!.value).toBe('116.60');
  });

  it('an Obs without OBS_VALUE is missing; entities in attributes are decoded', () => {
    const r = parseSdmx('c.xml', doc(`<Series IDBANK="001" FREQ="M" TITLE_FR="Indice &amp; co &#233;t&#xE9;">
  <Obs TIME_PERIOD="2026-02" OBS_STATUS="O"/>
  <Obs TIME_PERIOD='2026-01' OBS_VALUE='+0116.10'/>
</Series>`));
    expect(r.diagnostics).toEqual([]);
    expect(r.series![0]!.label).toBe('Indice & co été');
    expect(r.series![0]!.observations.map((o) => [o.period, o.value, o.status])).toEqual([
      ['2026-02', null, 'O'],
      ['2026-01', '116.10', ''],
    ]);
  });

  it('several series: every one, with its idBank', () => {
    const r = parseSdmx('d.xml', doc('<Series IDBANK="010767832" FREQ="M"><Obs TIME_PERIOD="2026-02" OBS_VALUE="1"/></Series><Series IDBANK="099999992" FREQ="M"/>'));
    expect(r.series!.map((s) => s.idBank)).toEqual(['010767832', '099999992']);
  });
});

describe('SDMX answers that are refused', () => {
  it('a quarterly series (FREQ="T", periods 2024-Q2)', () => {
    const r = parseSdmx('q.xml', doc('<Series IDBANK="001572130" FREQ="T"><Obs TIME_PERIOD="2024-Q2" OBS_VALUE="126.15" OBS_STATUS="A" OBS_QUAL="DEF"/></Series>'));
    const m = monthlyValues('q.xml', r.series![0]!);
    expect(m.diagnostics).toEqual([expect.objectContaining({ code: 'not-monthly', line: 5 })]);
    expect(m.diagnostics[0]!.message).toContain('quarterly (FREQ="T")');
  });

  it('the error message of the web service', () => {
    const r = parseSdmx('e.xml', '<?xml version="1.0"?>\n<message:Error xmlns:message="m"><message:ErrorMessage code="100"><common:Text xmlns:common="c">No Results Found</common:Text></message:ErrorMessage></message:Error>\n');
    expect(r.series).toBeNull();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'sdmx-error', line: 2, column: 1 })]);
    expect(r.diagnostics[0]!.message).toContain('No Results Found');
  });

  it('generic data, another document, no series', () => {
    expect(parseSdmx('g.xml', '<message:GenericData xmlns:message="m"/>').diagnostics[0]!.code).toBe('sdmx-format');
    expect(parseSdmx('h.xml', '<html><body/></html>').diagnostics[0]).toMatchObject({ code: 'sdmx-format', line: 1, column: 1 });
    expect(parseSdmx('n.xml', doc('')).diagnostics[0]!.code).toBe('sdmx-series');
  });

  it('bad observations: each at its line', () => {
    const r = parseSdmx('o.xml', doc(`<Series IDBANK="010767832" FREQ="M">
<Obs TIME_PERIOD="2026-02" OBS_VALUE="116,51"/>
<Obs TIME_PERIOD="2026-01" OBS_VALUE="116.18" OBS_STATUS="a"/>
<Obs OBS_VALUE="1"/>
<Obs TIME_PERIOD="2025-12" OBS_VALUE="1"/>
<Obs TIME_PERIOD="2025-12" OBS_VALUE="2"/>
</Series>
<Series FREQ="M"/>`));
    expect(r.series).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['bad-number', 6],
      ['insee-status', 7],
      ['sdmx-obs', 8],
      ['sdmx-obs', 10],
      ['sdmx-series', 12],
    ]);
  });

  it('a series given twice (includeHistory) is refused', () => {
    const r = parseSdmx('h.xml', doc('<Series IDBANK="1"/>\n<Series IDBANK="1"/>'));
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'sdmx-series', line: 6 })]);
  });
});

describe('malformed XML: line and column of the problem', () => {
  const bad = (text: string) => {
    const r = readXml('x.xml', text);
    expect(r.root).toBeNull();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('bad-xml');
    return r.diagnostics[0]!;
  };

  it('a tag never closed', () => {
    expect(bad('<a>\n  <b x="1"\n')).toMatchObject({ line: 2, column: 3 });
  });

  it('mismatched end tag', () => {
    const d = bad('<a>\n<b></c>\n</a>');
    expect(d).toMatchObject({ line: 2, column: 4 });
    expect(d.message).toContain('</c> does not match the start tag <b> of line 2');
  });

  it('an element never closed at the end of the document', () => {
    expect(bad('<a>\n  <b>\n</a>').message).toContain('</a> does not match');
    expect(bad('<a>\n  <b/>\n')).toMatchObject({ line: 1, column: 1 });
  });

  it('an attribute without quotes, without value, twice, or attributes run together', () => {
    expect(bad('<a>\n<Obs TIME_PERIOD=2026-02/>\n</a>')).toMatchObject({ line: 2, column: 18 });
    expect(bad('<a>\n<Obs TIME_PERIOD/>\n</a>')).toMatchObject({ line: 2 });
    expect(bad('<a x="1" x="2"/>').message).toContain('twice');
    expect(bad('<a x="1"y="2"/>')).toMatchObject({ line: 1, column: 9 });
  });

  it('an unclosed attribute value, "<" inside it', () => {
    expect(bad('<a>\n<Obs OBS_VALUE="1/>\n<Obs OBS_VALUE="2"/>\n</a>').message).toContain('"<" inside the value');
    expect(bad('<a x="1')).toMatchObject({ line: 1, column: 6 });
  });

  it('a stray "&", an unknown entity', () => {
    expect(bad('<a t="A & B"/>')).toMatchObject({ line: 1, column: 9 });
    expect(bad('<a>&eacute;</a>').message).toContain('&eacute;');
  });

  it('text outside the root, two roots, a DOCTYPE, garbage after "<"', () => {
    expect(bad('<a/>\ntrailing')).toMatchObject({ line: 2, column: 1 });
    expect(bad('<a/><b/>')).toMatchObject({ line: 1, column: 5 });
    expect(bad('<!DOCTYPE a>\n<a/>')).toMatchObject({ line: 1, column: 1 });
    expect(bad('<a>< b/></a>')).toMatchObject({ line: 1, column: 4 });
    expect(bad('')).toMatchObject({ line: 1 });
  });

  it('comments, CDATA, the declaration and a BOM are fine', () => {
    const r = readXml('ok.xml', '\uFEFF<?xml version="1.0"?>\n<!-- c -->\n<a><![CDATA[<x>]]>&lt;y&gt;</a>\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.root).toMatchObject({ name: 'a', text: '<x><y>', line: 3, column: 1 });
  });
});
