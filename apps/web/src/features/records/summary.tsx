import { useI18n } from '../../app/i18n/i18n';
import { latest } from './model/observations';
import { LoadedSection, SectionBody, sectionTitle, type RecordScope } from './record-views';
import { FlagBadge, valueWithUnit } from './result-parts';
import { seriesFrom } from './results-view';
import { sections } from './sections';

/** The latest value of each result, in a table: what a summary on paper needs. */
function LatestResults({ scope }: { scope: RecordScope }) {
  const { t, formatDate } = useI18n();
  return (
    <LoadedSection scope={scope} section="results">
      {(resources) => {
        const series = seriesFrom(resources);
        if (series.length === 0) return <p className="empty">{t('records.empty.results')}</p>;
        return (
          <table className="table record-table">
            <thead>
              <tr>
                <th scope="col">{t('records.section.results')}</th>
                <th scope="col">{t('records.value')}</th>
                <th scope="col">{t('records.date')}</th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => {
                const p = latest(s);
                return (
                  <tr key={s.key}>
                    <th scope="row">{s.name}</th>
                    <td>
                      {valueWithUnit(p)} <FlagBadge flag={p.flag} />
                    </td>
                    <td>{formatDate(p.at)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      }}
    </LoadedSection>
  );
}

/** Every part of the record on one page, laid out for paper (see records.css @media print). */
export function RecordSummary({ scope, name }: { scope: RecordScope; name: string }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="record-summary">
      <p className="muted">{t('records.summaryFor', { name, date: formatDate(new Date().toISOString()) })}</p>
      <p className="no-print">
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          {t('records.print')}
        </button>
      </p>
      {sections.map((section) => (
        <section key={section} className="summary-section" aria-labelledby={`summary-${section}`}>
          <h2 id={`summary-${section}`}>{t(sectionTitle(section))}</h2>
          {section === 'results' ? (
            <LatestResults scope={scope} />
          ) : (
            <LoadedSection scope={scope} section={section}>
              {(resources) => <SectionBody section={section} resources={resources} base={scope.base} />}
            </LoadedSection>
          )}
        </section>
      ))}
    </div>
  );
}
