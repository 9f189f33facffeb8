import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { hasNavigated } from '../router/router';
import { announce, clearFlash, peekFlash } from '../flash';
import { Notice } from '../ui/feedback';

interface PageProps {
  title: string;
  /** A short line under the heading. */
  lead?: ReactNode;
  width?: 'narrow' | 'wide';
  /** Focus the heading on mount even without navigation (e.g. a form replaced by its result). */
  autoFocus?: boolean;
  children: ReactNode;
}

/**
 * One page: sets the document title, renders the single <h1>, and after in-app navigation moves
 * focus to that heading so screen-reader users hear where they arrived.
 */
export function Page({ title, lead, width = 'narrow', autoFocus, children }: PageProps) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [flash] = useState(peekFlash);

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);

  useEffect(() => {
    if (autoFocus || hasNavigated()) heading.current?.focus();
    // Only on mount: a page announces itself once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!flash) return;
    clearFlash(flash);
    announce(t(flash.key, flash.vars));
    // Announce once, in the language of the moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flash]);

  return (
    <div className={`page page-${width}`}>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {lead && <p className="lead">{lead}</p>}
      {flash && <Notice tone={flash.tone ?? 'success'}>{t(flash.key, flash.vars)}</Notice>}
      {children}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = `${useId()}-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
