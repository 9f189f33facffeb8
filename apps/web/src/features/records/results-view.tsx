import type { MessageKey } from '../../app/i18n/catalog';
import { useI18n } from '../../app/i18n/i18n';
import { Link } from '../../app/router/router';
import { Empty } from '../../app/ui/feedback';
import type { Observation, Resource } from './model/fhir-types';
import { isTrend, latest, resultSeries, type ResultCategory, type ResultSeries } from './model/observations';
import { FlagBadge, RangeText, valueWithUnit } from './result-parts';
import { TrendChart } from './trend-chart';

const HEADINGS: Record<ResultCategory, MessageKey> = {
  laboratory: 'records.labs',
  'vital-signs': 'records.vitals',
  other: 'records.other',
};

export function seriesFrom(resources: readonly Resource[]): ResultSeries[] {
  return resultSeries(resources.filter((r): r is Observation => r.resourceType === 'Observation'));
}

export function resultHref(base: string, series: ResultSeries): string {
  return `${base}/results/${encodeURIComponent(series.key)}`;
}

/** Every kind of result once, with its latest value, flag and range; repeated ones link to a trend. */
export function ResultsView({ resources, base }: { resources: readonly Resource[]; base: string }) {
  const { t, formatDate } = useI18n();
  const series = seriesFrom(resources);
  if (series.length === 0) return <Empty>{t('records.empty.results')}</Empty>;
  const groups = (['laboratory', 'vital-signs', 'other'] as const)
    .map((category) => ({ category, items: series.filter((s) => s.category === category) }))
    .filter((g) => g.items.length > 0);
  return (
    <>
      {groups.map((group) => (
        <section key={group.category} aria-labelledby={`results-${group.category}`}>
          <h2 id={`results-${group.category}`}>{t(HEADINGS[group.category])}</h2>
          <ul className="record-list">
            {group.items.map((s) => {
              const point = latest(s);
              return (
                <li key={s.key} className="record-item">
                  <div className="record-item-head">
                    <span className="record-item-title">{s.name}</span>
                    <FlagBadge flag={point.flag} />
                  </div>
                  <p className="record-value">
                    <strong>{valueWithUnit(point)}</strong>{' '}
                    <time dateTime={point.at} className="muted small">
                      {formatDate(point.at)}
                    </time>
                  </p>
                  <RangeText point={point} />
                  {s.points.length > 1 && (
                    <p className="small">
                      <Link to={resultHref(base, s)}>
                        {isTrend(s)
                          ? t('records.seeTrend')
                          : t('records.readings', { count: s.points.length })}
                        <span className="visually-hidden">: {s.name}</span>
                      </Link>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}

/** One result over time: the chart and the table of every reading. */
export function ResultDetail({ series }: { series: ResultSeries }) {
  const { t, formatDate } = useI18n();
  const last = latest(series);
  return (
    <>
      <p className="record-value">
        {t('records.latest', { value: valueWithUnit(last) })} <FlagBadge flag={last.flag} />
      </p>
      <RangeText point={last} />
      {last.rangeSource === 'typical' && <p className="muted small">{t('records.typicalRangeNote')}</p>}
      <TrendChart series={series} />
      <table className="table record-table">
        <caption>{t('records.readingsTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('records.date')}</th>
            <th scope="col">{t('records.value')}</th>
          </tr>
        </thead>
        <tbody>
          {[...series.points].reverse().map((p, i) => (
            <tr key={`${p.at}-${i}`}>
              <td>
                <time dateTime={p.at}>{formatDate(p.at)}</time>
              </td>
              <td>
                {valueWithUnit(p)} <FlagBadge flag={p.flag} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
