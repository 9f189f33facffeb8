import { useI18n } from '../../app/i18n/i18n';
import { isOutOfRange, latest, type ResultSeries } from './model/observations';

const W = 320;
const H = 170;
const PAD = { left: 40, right: 12, top: 12, bottom: 26 };

function niceNumber(n: number): string {
  return String(Number(n.toPrecision(3)));
}

/**
 * A small line chart of one repeated result: readings over time, with the range shaded. The SVG
 * carries a one-sentence label for screen readers; the table under it has every reading.
 */
export function TrendChart({ series }: { series: ResultSeries }) {
  const { t, formatDate } = useI18n();
  const points = series.points.filter((p) => p.value !== null);
  if (points.length < 2) return null;
  const last = latest(series);
  const low = last.low;
  const high = last.high;
  const times = points.map((p) => Date.parse(p.at));
  const values = points.map((p) => p.value!);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  let v0 = Math.min(...values, ...(low !== undefined ? [low] : []));
  let v1 = Math.max(...values, ...(high !== undefined ? [high] : []));
  const spread = v1 - v0 || Math.abs(v1) || 1;
  v0 -= spread * 0.1;
  v1 += spread * 0.1;
  const x = (time: number) => PAD.left + ((time - t0) / (t1 - t0 || 1)) * (W - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (value - v0) / (v1 - v0)) * (H - PAD.top - PAD.bottom);
  const bandTop = y(Math.min(high ?? v1, v1));
  const bandBottom = y(Math.max(low ?? v0, v0));
  const label = t('records.chartLabel', {
    name: series.name,
    count: points.length,
    from: formatDate(points[0]!.at),
    to: formatDate(points[points.length - 1]!.at),
    value: `${last.display} ${last.unit}`.trim(),
  });
  return (
    <figure className="trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="trend-svg">
        {(low !== undefined || high !== undefined) && (
          <rect
            x={PAD.left}
            y={bandTop}
            width={W - PAD.left - PAD.right}
            height={Math.max(0, bandBottom - bandTop)}
            className="trend-band"
          />
        )}
        <line
          x1={PAD.left}
          y1={H - PAD.bottom}
          x2={W - PAD.right}
          y2={H - PAD.bottom}
          className="trend-axis"
        />
        <text x={PAD.left - 4} y={y(v1) + 10} className="trend-tick" textAnchor="end">
          {niceNumber(v1)}
        </text>
        <text x={PAD.left - 4} y={y(v0)} className="trend-tick" textAnchor="end">
          {niceNumber(v0)}
        </text>
        <text x={PAD.left} y={H - 6} className="trend-tick">
          {formatDate(points[0]!.at)}
        </text>
        <text x={W - PAD.right} y={H - 6} className="trend-tick" textAnchor="end">
          {formatDate(points[points.length - 1]!.at)}
        </text>
        <polyline
          className="trend-line"
          points={points.map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p.value!).toFixed(1)}`).join(' ')}
        />
        {points.map((p, i) => (
          <circle
            key={`${p.at}-${i}`}
            cx={x(Date.parse(p.at))}
            cy={y(p.value!)}
            r={isOutOfRange(p.flag) ? 4.5 : 3.5}
            className={isOutOfRange(p.flag) ? 'trend-point trend-point-flagged' : 'trend-point'}
          />
        ))}
      </svg>
    </figure>
  );
}
