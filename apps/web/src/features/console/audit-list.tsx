import type { AuditEntry } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { actionLabel, roleLabel } from '../../app/i18n/labels';
import { Badge } from '../../app/ui/feedback';
import { Link } from '../../app/router/router';

const outcomeTone = { success: 'good', denied: 'bad', error: 'warn' } as const;

export function AuditList({ items, showPatient = true }: { items: AuditEntry[]; showPatient?: boolean }) {
  const { t, formatDateTime } = useI18n();
  return (
    <ol className="timeline" aria-label={t('audit.list')}>
      {items.map((e) => (
        <li key={e.id} className="timeline-item">
          <div className="timeline-head">
            <strong>{e.actorName ?? t('audit.system')}</strong>
            {e.actorRole && <Badge>{roleLabel(t, e.actorRole)}</Badge>}
            {e.appName && <Badge tone="info">{t('consoleApps.via', { app: e.appName })}</Badge>}
            <Badge tone={outcomeTone[e.outcome]}>{t(`outcome.${e.outcome}` as const)}</Badge>
          </div>
          <p>
            {actionLabel(t, e.action)}: <code>{e.objectType}</code>
            {e.objectId && <span className="muted small"> {e.objectId}</span>}
          </p>
          <dl className="meta">
            {showPatient && e.patientId && (
              <div>
                <dt>{t('audit.patient')}</dt>
                <dd>
                  <Link to={`/console/patients/${encodeURIComponent(e.patientId)}`}>{e.patientId}</Link>
                </dd>
              </div>
            )}
            {e.ip && (
              <div>
                <dt>{t('audit.ip')}</dt>
                <dd>{e.ip}</dd>
              </div>
            )}
            {e.userAgent && (
              <div>
                <dt>{t('audit.device')}</dt>
                <dd className="truncate" title={e.userAgent}>
                  {e.userAgent}
                </dd>
              </div>
            )}
          </dl>
          <time dateTime={e.at} className="muted small">
            {formatDateTime(e.at)}
          </time>
        </li>
      ))}
    </ol>
  );
}
