import type { ReactNode } from 'react';
import type { MessageKey } from '../../app/i18n/catalog';
import { useI18n } from '../../app/i18n/i18n';
import { Link } from '../../app/router/router';
import { ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import {
  AllergiesView,
  DocumentsView,
  ImmunizationsView,
  MedicationsView,
  ProblemsView,
  VisitsView,
} from './clinical-views';
import type { Resource } from './model/fhir-types';
import { ResultDetail, ResultsView, seriesFrom } from './results-view';
import { sections, type RecordSection } from './sections';
import { useRecordSection } from './use-record';
import './records.css';

/** Whose record, and where its pages live: `/records` for the patient, the console chart for staff. */
export interface RecordScope {
  patientId: string;
  base: string;
}

export const sectionTitle = (section: RecordSection): MessageKey => `records.section.${section}`;

/** The list of the record's parts, each a link, then the download. */
export function RecordIndex({ scope, download = true }: { scope: RecordScope; download?: boolean }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('records.sections')}>
      <ul className="tiles tiles-links">
        {sections.map((s) => (
          <li key={s} className="tile tile-linked">
            <Link to={`${scope.base}/${s}`} className="tile-title tile-link">
              {t(sectionTitle(s))}
            </Link>
            <span className="tile-body">{t(`records.sectionBody.${s}` as MessageKey)}</span>
          </li>
        ))}
        {download && (
          <li className="tile tile-linked">
            <Link to={`${scope.base}/download`} className="tile-title tile-link">
              {t('records.download')}
            </Link>
            <span className="tile-body">{t('records.downloadBody')}</span>
          </li>
        )}
      </ul>
    </nav>
  );
}

export function SectionBody({
  section,
  resources,
  base,
}: {
  section: RecordSection;
  resources: readonly Resource[];
  base: string;
}) {
  switch (section) {
    case 'results':
      return <ResultsView resources={resources} base={base} />;
    case 'visits':
      return <VisitsView resources={resources} />;
    case 'problems':
      return <ProblemsView resources={resources} />;
    case 'medications':
      return <MedicationsView resources={resources} />;
    case 'allergies':
      return <AllergiesView resources={resources} />;
    case 'immunizations':
      return <ImmunizationsView resources={resources} />;
    case 'documents':
      return <DocumentsView resources={resources} />;
  }
}

/** Loads a section and renders it, with loading and error states. */
export function LoadedSection({
  scope,
  section,
  children,
}: {
  scope: RecordScope;
  section: RecordSection;
  children?: (resources: readonly Resource[]) => ReactNode;
}) {
  const state = useRecordSection(scope.patientId, section);
  if (state.loading) return <Loading />;
  if (state.error) return <ErrorNotice error={state.error} onRetry={state.reload} />;
  const resources = state.resources ?? [];
  return (
    <>
      {children ? (
        children(resources)
      ) : (
        <SectionBody section={section} resources={resources} base={scope.base} />
      )}
    </>
  );
}

export function BackToRecord({ scope }: { scope: RecordScope }) {
  const { t } = useI18n();
  return (
    <p className="back-link">
      <Link to={scope.base}>
        <span aria-hidden="true">← </span>
        {t('records.back')}
      </Link>
    </p>
  );
}

/** One repeated result over time, found by its `system|code` key. */
export function ResultTrend({ scope, seriesKey }: { scope: RecordScope; seriesKey: string }) {
  const { t } = useI18n();
  return (
    <LoadedSection scope={scope} section="results">
      {(resources) => {
        const series = seriesFrom(resources).find((s) => s.key === seriesKey);
        if (!series) return <Notice tone="warning">{t('records.notFound')}</Notice>;
        return (
          <>
            <h2>{series.name}</h2>
            <ResultDetail series={series} />
          </>
        );
      }}
    </LoadedSection>
  );
}
