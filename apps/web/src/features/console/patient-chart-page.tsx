import type { PageProps } from '../../app/routes';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link, Redirect } from '../../app/router/router';
import { LoadedSection, ResultTrend, sectionTitle, type RecordScope } from '../records/record-views';
import { isSection } from '../records/sections';
import { ConsoleNav } from './console-nav';

/** Staff see a patient's chart with the same views the patient sees, under the patient's page. */
function chartScope(params: PageProps['params']): RecordScope {
  const id = params.id ?? '';
  return { patientId: id, base: `/console/patients/${encodeURIComponent(id)}/chart` };
}

function BackToPatient({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <p>
      <Link to={`/console/patients/${encodeURIComponent(id)}`}>
        <span aria-hidden="true">← </span>
        {t('records.chartBack')}
      </Link>
    </p>
  );
}

export function PatientChartSectionPage({ params }: PageProps) {
  const { t } = useI18n();
  const scope = chartScope(params);
  const section = params.section;
  if (!isSection(section))
    return <Redirect to={`/console/patients/${encodeURIComponent(scope.patientId)}`} />;
  return (
    <Page title={t(sectionTitle(section))} width="wide">
      <ConsoleNav />
      <BackToPatient id={scope.patientId} />
      <LoadedSection scope={scope} section={section} />
    </Page>
  );
}

export function PatientChartTrendPage({ params }: PageProps) {
  const { t } = useI18n();
  const scope = chartScope(params);
  return (
    <Page title={t('records.section.results')} width="wide">
      <ConsoleNav />
      <p>
        <Link to={`${scope.base}/results`}>
          <span aria-hidden="true">← </span>
          {t('records.section.results')}
        </Link>
      </p>
      <ResultTrend scope={scope} seriesKey={params.key ?? ''} />
    </Page>
  );
}
