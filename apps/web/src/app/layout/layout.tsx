import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { homeFor, useSession } from '../session';
import { Link, useLocation } from '../router/router';
import { isActivePath } from '../router/match';
import { announce, statusRegionId } from '../flash';
import { catalogs } from '../i18n/catalog';
import { Logo } from './logo';

function NavLink({ to, children, exact }: { to: string; children: ReactNode; exact?: boolean }) {
  const { pathname } = useLocation();
  const active = isActivePath(to, pathname, exact);
  return (
    <Link to={to} className="nav-link" aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function GlobeIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" className="icon">
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="2" />
      <path
        d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      />
    </svg>
  );
}

function LanguageSwitch() {
  const { t, locale } = useI18n();
  const { changeLocale } = useSession();
  const next = locale === 'en' ? 'es' : 'en';
  return (
    <button
      type="button"
      className="lang-switch"
      lang={next}
      onClick={() => {
        changeLocale(next);
        announce(catalogs[next]['layout.languageChanged']);
      }}
    >
      <GlobeIcon />
      {t('layout.languageSwitch')}
    </button>
  );
}

function Header() {
  const { t } = useI18n();
  const { info, user, status, signOut, refresh } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const isStaff = user !== null && user.role !== 'patient';

  return (
    <header className="site-header">
      {info?.demo && <p className="demo-banner">{t('layout.demo')}</p>}
      {status === 'offline' && (
        <div className="offline-banner">
          <p>{t('layout.offline')}</p>
          <button type="button" className="btn btn-small btn-secondary" onClick={() => void refresh()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <div className="header-bar">
        <div className="brand">
          <Link to={homeFor(user)} className="brand-link">
            <Logo />
            <span className="brand-name">{t('app.name')}</span>
          </Link>
          {info && <span className="brand-tenant">{info.tenant.name}</span>}
        </div>
        <div className="header-actions">
          <LanguageSwitch />
        </div>
      </div>
      {user && (
        <nav className="main-nav" aria-label={t('layout.mainNav')}>
          <ul>
            {isStaff ? (
              <li>
                <NavLink to="/console">{t('layout.console')}</NavLink>
              </li>
            ) : (
              <li>
                <NavLink to="/home">{t('layout.home')}</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/account">{t('layout.account')}</NavLink>
            </li>
          </ul>
          <span className="nav-user">{t('layout.signedInAs', { name: user.givenName })}</span>
          <button
            type="button"
            className="btn btn-quiet btn-small"
            aria-disabled={signingOut || undefined}
            onClick={() => {
              if (signingOut) return;
              setSigningOut(true);
              void signOut().finally(() => setSigningOut(false));
            }}
          >
            {signingOut ? t('layout.signingOut') : t('layout.signOut')}
          </button>
        </nav>
      )}
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('layout.footer')}</p>
        <p>{t('layout.privacy')}</p>
      </footer>
      <div
        id={statusRegionId}
        role="status"
        aria-live="polite"
        aria-atomic="true"
        className="visually-hidden"
      />
    </>
  );
}
