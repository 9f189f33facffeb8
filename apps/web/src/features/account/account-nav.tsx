import { useI18n } from '../../app/i18n/i18n';
import { Link, useLocation } from '../../app/router/router';
import { useSession } from '../../app/session';

export function AccountNav() {
  const { t } = useI18n();
  const { user } = useSession();
  const { pathname } = useLocation();
  if (!user || user.mustEnrolTotp) return null;
  const items = [
    { to: '/account', label: t('account.navProfile') },
    { to: '/account/security', label: t('account.navSecurity') },
    ...(user.role === 'patient'
      ? [
          { to: '/account/access-log', label: t('account.navAccessLog') },
          { to: '/account/connected-apps', label: t('connectedApps.title') },
        ]
      : []),
  ];
  return (
    <nav aria-label={t('account.nav')} className="sub-nav">
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              className="sub-nav-link"
              aria-current={pathname === item.to ? 'page' : undefined}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
