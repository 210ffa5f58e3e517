/**
 * Bar charts drawn on the server as SVG: no script, no chart library. Each chart is an image with
 * a name and a description; its figures are in a table beside it (`ChartFigure`).
 */
import type { ReactNode } from 'react';
import { fitText, textWidth } from '@/lib/text-width';

export type Bar = {
  /** The bar's name on its axis (a day, a status, a product). */
  label: string;
  value: number;
  /** The value as people read it (an amount with its currency, a count). */
  shown: string;
};

const FONT = 12;
const INK = '#1d1d1f';
const MUTED = '#555b66';
const GRID = '#d6d9de';
const BAR = '#0b5fff';

/** A round step for an axis that reaches at least `max`, in about four steps. */
function axisStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Number.isInteger(max) && step < 1 ? 1 : step;
}

type ChartProps = { id: string; title: string; description: string; bars: Bar[] };

/** The SVG image every chart is drawn in: named by its title, described by its description. */
function ChartFrame({
  id,
  title,
  description,
  width,
  height,
  fontSize,
  children,
}: Omit<ChartProps, 'bars'> & { width: number; height: number; fontSize: number; children: ReactNode }) {
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      className="chart"
      fontSize={fontSize}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

/**
 * Bars standing on a time axis (one per day), with a value axis at the left. `tick` is the
 * value axis's label for a value; every `labelEvery`-th bar is named under the axis.
 */
export function ColumnChart({
  id,
  title,
  description,
  bars,
  tick,
  labelEvery = 5,
}: ChartProps & { tick: (value: number) => string; labelEvery?: number }) {
  const width = 720;
  const height = 240;
  const left = 72;
  const right = 8;
  const top = 12;
  const bottom = 32;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const step = axisStep(max);
  const ceiling = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: Math.round(ceiling / step) + 1 }, (_, i) => i * step);
  const slot = plotW / Math.max(1, bars.length);
  const y = (v: number) => top + plotH - (v / ceiling) * plotH;
  return (
    <ChartFrame id={id} title={title} description={description} width={width} height={height} fontSize={FONT}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} stroke={GRID} />
          <text x={left - 6} y={y(t) + 4} textAnchor="end" fill={MUTED}>
            {tick(t)}
          </text>
        </g>
      ))}
      {bars.map((b, i) => {
        const h = (b.value / ceiling) * plotH;
        return (
          <g key={b.label}>
            <rect x={left + i * slot + slot * 0.15} y={y(b.value)} width={slot * 0.7} height={h} fill={BAR}>
              <title>{`${b.label}: ${b.shown}`}</title>
            </rect>
            {(bars.length - 1 - i) % labelEvery === 0 && (
              <text x={left + i * slot + slot / 2} y={height - bottom + 18} textAnchor="middle" fill={MUTED}>
                {b.label.slice(5)}
              </text>
            )}
          </g>
        );
      })}
      <line x1={left} x2={width - right} y1={top + plotH} y2={top + plotH} stroke={INK} />
    </ChartFrame>
  );
}

/**
 * One horizontal bar per thing (a status, a product), named at the left, its value at the bar's end.
 * The names' column is as wide as the longest name needs (estimated: `textWidth`), up to
 * `maxLabel`; a name longer than that is cut with an ellipsis and shows whole as its tooltip
 * (and in the table beside the chart).
 */
export function BarList({ id, title, description, bars }: ChartProps) {
  const width = 720;
  const fontSize = FONT + 1;
  const row = 28;
  const gap = 8;
  const maxLabel = 300;
  const labels = bars.map((b) => fitText(b.label, maxLabel, fontSize));
  const left = gap + Math.ceil(Math.max(80, ...labels.map((l) => textWidth(l.shown, fontSize)))) + gap;
  const right = 120;
  const height = Math.max(1, bars.length) * row + 8;
  const plotW = width - left - right;
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ChartFrame
      id={id}
      title={title}
      description={description}
      width={width}
      height={height}
      fontSize={fontSize}
    >
      {bars.map((b, i) => {
        const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plotW);
        const mid = 4 + i * row + row / 2;
        const label = labels[i]!;
        return (
          <g key={b.label}>
            <g>
              {label.cut && <title>{b.label}</title>}
              <text x={left - gap} y={mid + 4} textAnchor="end" fill={INK}>
                {label.shown}
              </text>
            </g>
            <rect x={left} y={mid - 9} width={w} height={18} fill={BAR} />
            <text x={left + w + 6} y={mid + 4} fill={INK}>
              {b.shown}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/**
 * A chart under its heading, with its figures as a captioned table in a details element beside it:
 * the chart summarizes (its name and description say what it shows), the table gives each figure.
 */
export function ChartFigure({
  id,
  heading,
  chart,
  table,
  note,
}: {
  id: string;
  heading: string;
  chart: ReactNode;
  table: ReactNode;
  note?: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="dashboard-panel">
      <h2 id={`${id}-heading`}>{heading}</h2>
      {note}
      {chart}
      <details>
        <summary>{heading}: the figures as a table</summary>
        <div className="table-wrap">{table}</div>
      </details>
    </section>
  );
}

/** A column of a chart's table: its heading, and whether it holds numbers (right-aligned). */
export type Column = { heading: string; num?: true };

/**
 * A chart's figures as a captioned table: one row per entry, its first cell the row's heading.
 * `nowrap` keeps amounts and dates on one line.
 */
export function FigureTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: Column[];
  rows: { key: string; cells: ReactNode[] }[];
}) {
  const className = (c: Column | undefined) => (c?.num ? 'num nowrap' : undefined);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.heading} scope="col" className={className(c)}>
              {c.heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, cells }) => (
          <tr key={key}>
            {cells.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={i} className={className(columns[i])}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
