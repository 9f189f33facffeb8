import type { Role } from '@accompany/contracts';
import { useI18n, type Translate } from '../../app/i18n/i18n';
import { Link, useLocation } from '../../app/router/router';
import { isActivePath } from '../../app/router/match';
import { useSession } from '../../app/session';

export interface ConsoleSection {
  to: string;
  title: string;
  body: string;
}

/** The console sections a role may open (the server enforces the same split). */
export function consoleSections(t: Translate, role: Role, demo: boolean): ConsoleSection[] {
  const all: ConsoleSection[] = [
    { to: '/console/patients', title: t('console.patients'), body: t('console.patientsBody') },
  ];
  if (role !== 'billing') {
    all.push({ to: '/console/schedule', title: t('console.schedule'), body: t('console.scheduleBody') });
  }
  if (role === 'admin' || role === 'front_desk') {
    all.push({ to: '/console/directory', title: t('console.directory'), body: t('console.directoryBody') });
  }
  if (role === 'billing' || role === 'admin') {
    all.push(
      { to: '/console/billing', title: t('billingConsole.accounts'), body: t('billingConsole.accountsBody') },
      {
        to: '/console/billing/reports',
        title: t('billingConsole.reports'),
        body: t('billingConsole.reportsBody'),
      },
    );
  }
  if (role !== 'admin') return all;
  all.push(
    { to: '/console/users', title: t('console.users'), body: t('console.usersBody') },
    { to: '/console/invitations', title: t('console.invitations'), body: t('console.invitationsBody') },
    { to: '/console/audit', title: t('console.audit'), body: t('console.auditBody') },
    { to: '/console/apps', title: t('consoleApps.title'), body: t('consoleApps.body') },
  );
  if (demo) all.push({ to: '/console/mail', title: t('console.mail'), body: t('console.mailBody') });
  all.push({ to: '/console/jobs', title: t('console.jobs'), body: t('console.jobsBody') });
  return all;
}

export function ConsoleNav() {
  const { t } = useI18n();
  const { user, info } = useSession();
  const { pathname } = useLocation();
  if (!user) return null;
  const items = [
    { to: '/console', title: t('console.overview') },
    ...consoleSections(t, user.role, info?.demo ?? false),
  ];
  return (
    <nav aria-label={t('console.nav')} className="sub-nav">
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              className="sub-nav-link"
              aria-current={isActivePath(item.to, pathname, item.to === '/console') ? 'page' : undefined}
            >
              {item.title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
