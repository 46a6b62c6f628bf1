/**
 * The small chart of the printable notice: the index values used by each
 * contract year's revision (I, and I0) and the coefficient C per contract
 * year (1 in year 1), as inline SVG (no script, no external file, no XML
 * namespace URL: HTML5 does not need one).
 *
 * Deterministic: every coordinate is computed with decimal.js (division last) and
 * written with two fixed decimals; every number shown is formatted here
 * (French decimal comma), never through the locale.
 */
import type { IsoDate } from '../core/dates.js';
import { Decimal, formatDecimal, formatScaled, roundTo } from '../core/exact.js';

/** One contract year as the chart shows it. */
export interface ChartYear {
  year: number;
  start: IsoDate;
  /** The index value I used by the year's revision (null for year 1, or when not known at the issue date). */
  I: { value: Decimal; period: string } | null;
  /** The base value I0 used by the year's revision (null as for I). */
  I0: { value: Decimal; period: string } | null;
  /** C as applied; 1 for year 1; null when the year's revision is not known at the issue date. */
  C: Decimal | null;
}

/** Escapes a text for HTML and SVG content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const r = (n: number | bigint): Decimal => new Decimal(n.toString());

/** A coordinate with exactly two decimals. */
function xy(v: Decimal): string {
  return formatScaled(roundTo(v, 2, 'half-away-from-zero'), 2);
}

/** A number rounded to `decimals` places (half away from zero), French decimal comma. */
export function frenchDecimal(v: Decimal, decimals: number): string {
  return formatScaled(roundTo(v, decimals, 'half-away-from-zero'), decimals).replace('.', ',').replace('-', '\u2212');
}

/** A coefficient: exact when it has at most `decimals` places (`1`, `1,05`), else rounded to `decimals`. */
export function frenchCoefficient(v: Decimal, decimals: number): string {
  const f = formatDecimal(v, decimals);
  return f.exact ? f.text.replace('.', ',').replace('-', '\u2212') : frenchDecimal(v, decimals);
}

interface Scale {
  lo: Decimal;
  hi: Decimal;
  step: Decimal;
  decimals: number;
}

/** Round tick values: the smallest step in 1, 2, 5 × 10^k giving at most `maxIntervals` intervals. */
export function niceScale(values: readonly Decimal[], maxIntervals = 4): Scale {
  let min = values[0]!;
  let max = values[0]!;
  for (const v of values) {
    if (v.lessThan(min)) min = v;
    if (v.greaterThan(max)) max = v;
  }
  if (min.eq(max)) {
    // One value: a band of ±5 % around it (±1 around 0).
    const pad = min.isZero() ? r(1) : min.abs().div(20);
    min = min.minus(pad);
    max = max.plus(pad);
  }
  for (let k = -6; k <= 9; k++) {
    for (const m of [1n, 2n, 5n]) {
      const step = r(m).times(new Decimal(10).pow(k));
      const loN = roundTo(min.div(step), 0, 'down');
      const hiN = roundTo(max.div(step), 0, 'up');
      if (hiN - loN <= BigInt(maxIntervals)) {
        return { lo: r(loN).times(step), hi: r(hiN).times(step), step, decimals: k >= 0 ? 0 : -k };
      }
    }
  }
  return { lo: min, hi: max, step: max.minus(min), decimals: 2 };
}

function ticks(s: Scale): Decimal[] {
  const out: Decimal[] = [];
  for (let t = s.lo; t.lessThanOrEqualTo(s.hi); t = t.plus(s.step)) out.push(t);
  return out;
}

// Geometry, in viewBox units: 640 × 188 for 160 mm × 47 mm (4 units per mm).
const W = 640;
const H = 188;
const PANEL = 320;
const LEFT = 52;
const RIGHT = 14;
const TOP = 44;
const BOTTOM = 152;

const INK = '#1f3f66';
const GREY = '#7a7a7a';
const GRID = '#d9d9d9';

interface Series {
  label: string;
  color: string;
  dashed: boolean;
  marker: 'circle' | 'square';
  /** Value per year (index in `years`), null = no point. */
  values: (Decimal | null)[];
  format: (v: Decimal) => string;
  /** Where the value labels go: always below the point, or clear of the line around it. */
  labelSide: 'auto' | 'below';
}

function panel(x: number, title: string, yLabel: string, years: readonly ChartYear[], series: readonly Series[], empty: string): string {
  const x0 = x + LEFT;
  const x1 = x + PANEL - RIGHT;
  const slot = r(x1 - x0).div(Math.max(1, years.length));
  const cx = (i: number) => r(x0).plus(slot.times(2 * i + 1).div(2));
  const out: string[] = [];
  out.push(`<text x="${x + 4}" y="12" class="t">${escapeHtml(title)}</text>`);
  // Legend.
  let lx = x0;
  for (const s of series) {
    out.push(`<line x1="${lx}" y1="24" x2="${lx + 16}" y2="24" stroke="${s.color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    out.push(marker(s, r(lx + 8), r(24)));
    out.push(`<text x="${lx + 21}" y="27" class="l">${escapeHtml(s.label)}</text>`);
    lx += 21 + Math.ceil(s.label.length * 4.6) + 12;
  }
  // Y axis label, turned.
  const midY = (TOP + BOTTOM) / 2;
  out.push(`<text x="${x + 9}" y="${midY}" class="a" transform="rotate(-90 ${x + 9} ${midY})" text-anchor="middle">${escapeHtml(yLabel)}</text>`);
  // X axis: one slot per contract year.
  out.push(`<line x1="${x0}" y1="${BOTTOM}" x2="${x1}" y2="${BOTTOM}" stroke="${GREY}" stroke-width="1"/>`);
  years.forEach((y, i) => {
    const c = xy(cx(i));
    out.push(`<line x1="${c}" y1="${BOTTOM}" x2="${c}" y2="${BOTTOM + 3}" stroke="${GREY}" stroke-width="1"/>`);
    out.push(`<text x="${c}" y="${BOTTOM + 14}" class="a" text-anchor="middle">Année ${y.year}</text>`);
    out.push(`<text x="${c}" y="${BOTTOM + 25}" class="s" text-anchor="middle">${escapeHtml(y.start.slice(0, 4))}</text>`);
  });
  const all = series.flatMap((s) => s.values.filter((v): v is Decimal => v !== null));
  if (all.length === 0) {
    out.push(`<text x="${(x0 + x1) / 2}" y="${midY}" class="s" text-anchor="middle">${escapeHtml(empty)}</text>`);
    return out.join('\n');
  }
  const scale = niceScale(all);
  const span = scale.hi.minus(scale.lo);
  // Division last: (v − lo) × height / span.
  const cy = (v: Decimal) => r(BOTTOM).minus(v.minus(scale.lo).times(BOTTOM - TOP).div(span));
  for (const t of ticks(scale)) {
    const y = xy(cy(t));
    out.push(`<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="${GRID}" stroke-width="0.75"/>`);
    out.push(`<text x="${x0 - 4}" y="${xy(cy(t).plus(3))}" class="a" text-anchor="end">${frenchDecimal(t, scale.decimals)}</text>`);
  }
  out.push(`<line x1="${x0}" y1="${TOP}" x2="${x0}" y2="${BOTTOM}" stroke="${GREY}" stroke-width="1"/>`);
  for (const s of series) {
    // Lines join consecutive known years only.
    const segs: string[] = [];
    let run: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (run.length > 1) segs.push(run.join(' '));
        run = [];
        return;
      }
      run.push(`${xy(cx(i))},${xy(cy(v))}`);
    });
    if (run.length > 1) segs.push(run.join(' '));
    for (const pts of segs) out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    s.values.forEach((v, i) => {
      if (v === null) return;
      out.push(marker(s, cx(i), cy(v)));
      const place = s.labelSide === 'below' ? 'below' : labelPlace(s.values[i - 1] ?? null, v, s.values[i + 1] ?? null);
      const lx = place === 'left' ? cx(i).minus(5) : place === 'right' ? cx(i).plus(5) : cx(i);
      const ly = place === 'below' ? cy(v).plus(13) : cy(v).minus(6);
      const anchor = place === 'left' ? 'end' : place === 'right' ? 'start' : 'middle';
      out.push(`<text x="${xy(lx)}" y="${xy(ly)}" class="v" text-anchor="${anchor}" fill="${s.color}">${s.format(v)}</text>`);
    });
  }
  years.forEach((y, i) => {
    if (series.every((s) => s.values[i] === null)) {
      out.push(`<text x="${xy(cx(i))}" y="${BOTTOM - 10}" class="s" text-anchor="middle">${y.C === null ? 'non connue' : 'non révisée'}</text>`);
    }
  });
  return out.join('\n');
}

/**
 * Where a point's value label stays clear of the line: above-left on a rising
 * line (the line comes from below-left), above-right on a falling one, above a
 * peak, below a trough.
 */
function labelPlace(prev: Decimal | null, v: Decimal, next: Decimal | null): 'above' | 'below' | 'left' | 'right' {
  const dirIn = prev === null ? 0 : v.comparedTo(prev);
  const dirOut = next === null ? 0 : next.comparedTo(v);
  if (dirIn > 0 && dirOut < 0) return 'above';
  if (dirIn < 0 && dirOut > 0) return 'below';
  if (dirIn > 0 || dirOut > 0) return 'left';
  if (dirIn < 0 || dirOut < 0) return 'right';
  return 'above';
}

function marker(s: Series, x: Decimal, y: Decimal): string {
  if (s.marker === 'circle') return `<circle cx="${xy(x)}" cy="${xy(y)}" r="3" fill="${s.color}"/>`;
  return `<rect x="${xy(x.minus(2.5))}" y="${xy(y.minus(2.5))}" width="5" height="5" fill="#ffffff" stroke="${s.color}" stroke-width="1.25"/>`;
}

/** Decimals to show a set of index values as they were published (at most 4). */
function indexDecimals(values: readonly Decimal[]): number {
  let d = 0;
  for (const v of values) d = Math.max(d, Math.min(4, v.decimalPlaces()));
  return d;
}

/**
 * The chart: on the left the index (I and I0 of each revised year), on the
 * right the coefficient C of each year. `baseLabel` names I0's month in the legend.
 */
export function revisionChartSvg(years: readonly ChartYear[], baseLabel: string): string {
  const iValues = years.map((y) => y.I?.value ?? null);
  const i0Values = years.map((y) => y.I0?.value ?? null);
  const dI = indexDecimals([...iValues, ...i0Values].filter((v): v is Decimal => v !== null));
  const left = panel(0, 'Indice de révision retenu pour chaque année', 'valeur de l’indice', years, [
    { label: 'I (connu à la date d’arrêt)', color: INK, dashed: false, marker: 'circle', values: iValues, format: (v) => frenchDecimal(v, dI), labelSide: 'auto' },
    { label: `I0 (${baseLabel})`, color: GREY, dashed: true, marker: 'square', values: i0Values, format: (v) => frenchDecimal(v, dI), labelSide: 'below' },
  ], 'aucune année révisée');
  const right = panel(PANEL, 'Coefficient de révision C par année', 'coefficient C', years, [
    { label: 'C appliqué (1 en année 1)', color: INK, dashed: false, marker: 'circle', values: years.map((y) => y.C), format: (v) => frenchCoefficient(v, 4), labelSide: 'auto' },
  ], '');
  const desc = years
    .map((y) => `Année ${y.year} (${y.start.slice(0, 4)}) : ${y.C === null ? 'non connue à la date d’émission' : `${y.I && y.I0 ? `I = ${frenchDecimal(y.I.value, dI)} (${y.I.period}), I0 = ${frenchDecimal(y.I0.value, dI)} (${y.I0.period}), ` : ''}C = ${frenchCoefficient(y.C, 4)}`}`)
    .join(' ; ');
  return [
    `<svg class="chart" width="160mm" height="47mm" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">Indice et coefficient de révision par année du marché</title>`,
    `<desc id="chart-desc">${escapeHtml(desc)}.</desc>`,
    '<style>svg.chart .t{font-size:11.5px;font-weight:bold;fill:#222}svg.chart .l,svg.chart .a{font-size:9.5px;fill:#333}svg.chart .s{font-size:8.5px;fill:#777}svg.chart .v{font-size:9px;font-weight:bold}</style>',
    left,
    `<line x1="${PANEL}" y1="6" x2="${PANEL}" y2="${H - 6}" stroke="${GRID}" stroke-width="1"/>`,
    right,
    '</svg>',
  ].join('\n');
}
