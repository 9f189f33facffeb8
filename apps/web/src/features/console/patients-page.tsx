import { useState } from 'react';
import type { AuditEntry, PatientSummary } from '@accompany/contracts';
import type { PageProps } from '../../app/routes';
import { useI18n } from '../../app/i18n/i18n';
import { Page, Section } from '../../app/layout/page';
import { Link, navigate, useLocation } from '../../app/router/router';
import { useSession } from '../../app/session';
import { withQuery } from '../../app/api/client';
import { usePaged, useResource } from '../../app/api/use-resource';
import { Facts, TextField } from '../../app/ui/field';
import { Empty, ErrorNotice, LoadMore, Loading } from '../../app/ui/feedback';
import { AuditList } from './audit-list';
import { RecordIndex } from '../records/record-views';
import { ConsoleNav } from './console-nav';

export function PatientsPage() {
  const { t, formatDate } = useI18n();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const list = usePaged<PatientSummary>(withQuery('/api/staff/patients', { q }));

  return (
    <Page title={t('console.patients')} width="wide">
      <ConsoleNav />
      <form
        role="search"
        className="search-bar"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(withQuery('/console/patients', { q: text.trim() }), { replace: true });
        }}
      >
        <TextField
          label={t('patients.search')}
          hint={t('patients.searchHint')}
          type="search"
          name="q"
          value={text}
          onChange={setText}
          autoComplete="off"
        />
        <button type="submit" className="btn btn-primary">
          {t('patients.submit')}
        </button>
      </form>
      {list.loading && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.loading && !list.error && list.items.length === 0 && <Empty>{t('patients.empty')}</Empty>}
      {list.items.length > 0 && (
        <ul className="rows" aria-label={t('patients.results')}>
          {list.items.map((p) => (
            <li key={p.id} className="row row-linked">
              <Link to={`/console/patients/${encodeURIComponent(p.id)}`} className="row-title tile-link">
                {p.familyName}, {p.givenName}
              </Link>
              <span className="row-meta">
                <span>
                  {t('patients.mrn')} {p.mrn}
                </span>
                <span>{formatDate(p.birthDate)}</span>
                <span>{p.email ?? t('patients.noEmail')}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore
        hasMore={list.nextCursor !== null}
        loading={list.loadingMore}
        onLoadMore={() => void list.loadMore()}
      />
    </Page>
  );
}

function PatientAccessLog({ id }: { id: string }) {
  const { t } = useI18n();
  const log = usePaged<AuditEntry>(`/api/staff/patients/${encodeURIComponent(id)}/access-log`);
  return (
    <Section title={t('patient.accessLog')}>
      <p>{t('patient.accessLogBody')}</p>
      {log.loading && <Loading />}
      {log.error && <ErrorNotice error={log.error} onRetry={log.reload} />}
      {!log.loading && !log.error && log.items.length === 0 && <Empty>{t('audit.empty')}</Empty>}
      {log.items.length > 0 && <AuditList items={log.items} showPatient={false} />}
      <LoadMore
        hasMore={log.nextCursor !== null}
        loading={log.loadingMore}
        onLoadMore={() => void log.loadMore()}
      />
      <p>
        <Link to={withQuery('/console/audit', { patientId: id })}>{t('patient.openAudit')}</Link>
      </p>
    </Section>
  );
}

export function PatientPage({ params }: PageProps) {
  const { t, formatDate } = useI18n();
  const { user } = useSession();
  const id = params.id ?? '';
  const patient = useResource<PatientSummary>(`/api/staff/patients/${encodeURIComponent(id)}`);
  const p = patient.data;
  return (
    <Page title={p ? `${p.givenName} ${p.familyName}` : t('console.patients')} width="wide">
      <ConsoleNav />
      <p>
        <Link to="/console/patients">
          <span aria-hidden="true">← </span>
          {t('patient.back')}
        </Link>
      </p>
      {patient.loading && <Loading />}
      {patient.error && <ErrorNotice error={patient.error} onRetry={patient.reload} />}
      {p && (
        <Section title={t('patient.summary')}>
          <Facts
            items={[
              { label: t('patients.mrn'), value: p.mrn },
              { label: t('patients.birthDate'), value: formatDate(p.birthDate) },
              { label: t('patients.email'), value: p.email ?? t('patients.noEmail') },
            ]}
          />
        </Section>
      )}
      {p && (
        <Section title={t('records.chartTitle')}>
          <RecordIndex
            scope={{ patientId: p.id, base: `/console/patients/${encodeURIComponent(p.id)}/chart` }}
            download={false}
          />
        </Section>
      )}
      {p && user?.role === 'admin' && <PatientAccessLog id={p.id} />}
    </Page>
  );
}
