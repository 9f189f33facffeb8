import type { PageProps } from '../../app/routes';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link, Redirect } from '../../app/router/router';
import { useSession } from '../../app/session';
import { DownloadChoices } from './download';
import {
  BackToRecord,
  LoadedSection,
  RecordIndex,
  ResultTrend,
  sectionTitle,
  type RecordScope,
} from './record-views';
import { isSection } from './sections';
import { RecordSummary } from './summary';

/** The signed-in patient's own record lives under /records. */
function usePatientScope(): RecordScope | null {
  const { user } = useSession();
  return user?.patientId ? { patientId: user.patientId, base: '/records' } : null;
}

export function RecordHomePage() {
  const { t } = useI18n();
  const scope = usePatientScope();
  return (
    <Page title={t('records.title')} lead={t('records.lead')}>
      {scope && <RecordIndex scope={scope} />}
    </Page>
  );
}

export function RecordSectionPage({ params }: PageProps) {
  const { t } = useI18n();
  const scope = usePatientScope();
  const section = params.section;
  if (!isSection(section)) return <Redirect to="/records" />;
  return (
    <Page title={t(sectionTitle(section))} width="wide">
      {scope && (
        <>
          <BackToRecord scope={scope} />
          <LoadedSection scope={scope} section={section} />
        </>
      )}
    </Page>
  );
}

export function ResultTrendPage({ params }: PageProps) {
  const { t } = useI18n();
  const scope = usePatientScope();
  return (
    <Page title={t('records.section.results')} width="wide">
      {scope && (
        <>
          <p className="back-link">
            <Link to="/records/results">
              <span aria-hidden="true">← </span>
              {t('records.section.results')}
            </Link>
          </p>
          <ResultTrend scope={scope} seriesKey={params.key ?? ''} />
        </>
      )}
    </Page>
  );
}

export function RecordDownloadPage() {
  const { t } = useI18n();
  const scope = usePatientScope();
  return (
    <Page title={t('records.download')} lead={t('records.downloadLead')}>
      {scope && (
        <>
          <BackToRecord scope={scope} />
          <DownloadChoices scope={scope} />
        </>
      )}
    </Page>
  );
}

export function RecordSummaryPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const scope = usePatientScope();
  return (
    <Page title={t('records.summaryTitle')} width="wide">
      {scope && user && <RecordSummary scope={scope} name={`${user.givenName} ${user.familyName}`} />}
    </Page>
  );
}
