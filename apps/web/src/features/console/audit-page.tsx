import type { AuditEntry } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { navigate, useLocation } from '../../app/router/router';
import { withQuery } from '../../app/api/client';
import { usePaged } from '../../app/api/use-resource';
import { Form, Submit, useForm } from '../../app/ui/form';
import { TextField } from '../../app/ui/field';
import { Empty, ErrorNotice, LoadMore, Loading, Notice } from '../../app/ui/feedback';
import { collect, uuid } from '../../app/validate';
import { AuditList } from './audit-list';
import { ConsoleNav } from './console-nav';

export function AuditPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const patientId = query.get('patientId') ?? '';
  const actorId = query.get('actorId') ?? '';
  const valid = uuid(patientId) === null && uuid(actorId) === null;
  const log = usePaged<AuditEntry>(valid ? withQuery('/api/staff/audit', { patientId, actorId }) : null);
  const form = useForm({ patientId, actorId });

  const submit = form.onSubmit(
    async (v) => {
      navigate(withQuery('/console/audit', { patientId: v.patientId.trim(), actorId: v.actorId.trim() }), {
        replace: true,
      });
    },
    (v) => collect({ patientId: uuid(v.patientId), actorId: uuid(v.actorId) }),
  );

  return (
    <Page title={t('console.audit')} lead={t('auditPage.lead')} width="wide">
      <ConsoleNav />
      <details className="card filters" open={patientId !== '' || actorId !== ''}>
        <summary>{t('auditPage.filters')}</summary>
        <Form form={form} onSubmit={submit}>
          <div className="field-row">
            <TextField
              label={t('auditPage.patientId')}
              optional
              autoComplete="off"
              spellCheck={false}
              hint={t('auditPage.idHint')}
              {...form.field('patientId')}
            />
            <TextField
              label={t('auditPage.actorId')}
              optional
              autoComplete="off"
              spellCheck={false}
              {...form.field('actorId')}
            />
          </div>
          <div className="form-actions">
            <Submit busy={false}>{t('auditPage.filter')}</Submit>
            {(patientId || actorId) && (
              <button
                type="button"
                className="btn btn-quiet"
                onClick={() => {
                  form.setValues({ patientId: '', actorId: '' });
                  navigate('/console/audit', { replace: true });
                }}
              >
                {t('auditPage.clear')}
              </button>
            )}
          </div>
        </Form>
      </details>
      {log.loading && <Loading />}
      {log.error && <ErrorNotice error={log.error} onRetry={log.reload} />}
      {!valid && <Notice tone="warning">{t('v.uuid')}</Notice>}
      {valid && !log.loading && !log.error && log.items.length === 0 && <Empty>{t('audit.empty')}</Empty>}
      {log.items.length > 0 && <AuditList items={log.items} />}
      <LoadMore
        hasMore={log.nextCursor !== null}
        loading={log.loadingMore}
        onLoadMore={() => void log.loadMore()}
      />
    </Page>
  );
}
