import { useState } from 'react';
import type { CaughtMail, CaughtMailSummary } from '@accompany/contracts';
import type { PageProps } from '../../app/routes';
import { useI18n } from '../../app/i18n/i18n';
import { Page, Section } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { useResource } from '../../app/api/use-resource';
import { Facts } from '../../app/ui/field';
import { Badge, Empty, ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { ConsoleNav } from './console-nav';
import { linkify } from './linkify';

export function MailPage() {
  const { t, formatDateTime } = useI18n();
  const mail = useResource<{ items: CaughtMailSummary[] }>('/api/staff/mail');
  const off = mail.error?.status === 404;
  return (
    <Page title={t('console.mail')} lead={t('mail.lead')} width="wide">
      <ConsoleNav />
      {mail.loading && <Loading />}
      {off && <Notice>{t('mail.off')}</Notice>}
      {mail.error && !off && <ErrorNotice error={mail.error} onRetry={mail.reload} />}
      {mail.data && mail.data.items.length === 0 && <Empty>{t('mail.empty')}</Empty>}
      {mail.data && mail.data.items.length > 0 && (
        <ul className="rows" aria-label={t('mail.list')}>
          {mail.data.items.map((m) => (
            <li key={m.id} className="row row-linked">
              <Link to={`/console/mail/${encodeURIComponent(m.id)}`} className="row-title tile-link">
                {m.subject}
              </Link>
              <span className="row-meta">
                <span>
                  {t('mail.to')}: {m.to}
                </span>
                <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
              </span>
              <span className="badges">
                <Badge>{m.template}</Badge>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

function LinkedText({ text }: { text: string }) {
  return (
    <pre className="mail-text">
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.value} rel="noopener noreferrer">
            {part.value}
          </a>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </pre>
  );
}

/**
 * The HTML version, only on request: `sandbox=""` means no scripts, forms, navigation or
 * same-origin access. Rendering it on demand keeps the page light and lets tools that cannot
 * enter sandboxed frames (axe, for one) scan the page.
 */
function HtmlPreview({ html }: { html: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? t('mail.hideHtml') : t('mail.showHtml')}
      </button>
      {open && <iframe className="mail-frame" sandbox="" srcDoc={html} title={t('mail.preview')} />}
    </>
  );
}

export function MailDetailPage({ params }: PageProps) {
  const { t, formatDateTime } = useI18n();
  const id = params.id ?? '';
  const mail = useResource<CaughtMail>(`/api/staff/mail/${encodeURIComponent(id)}`);
  const m = mail.data;
  return (
    <Page title={m?.subject ?? t('console.mail')} width="wide">
      <ConsoleNav />
      <p>
        <Link to="/console/mail">
          <span aria-hidden="true">← </span>
          {t('mail.back')}
        </Link>
      </p>
      {mail.loading && <Loading />}
      {mail.error && <ErrorNotice error={mail.error} onRetry={mail.reload} />}
      {m && (
        <>
          <Facts
            items={[
              { label: t('mail.to'), value: m.to },
              { label: t('mail.subject'), value: m.subject },
              { label: t('mail.template'), value: m.template },
              { label: t('mail.sent'), value: formatDateTime(m.createdAt) },
            ]}
          />
          <Section title={t('mail.text')}>
            <LinkedText text={m.text} />
          </Section>
          <Section title={t('mail.html')}>
            <HtmlPreview html={m.html} />
          </Section>
        </>
      )}
    </Page>
  );
}
