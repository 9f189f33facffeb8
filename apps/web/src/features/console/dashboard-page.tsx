import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { useSession } from '../../app/session';
import { ConsoleNav, consoleSections } from './console-nav';

export function DashboardPage() {
  const { t } = useI18n();
  const { user, info } = useSession();
  if (!user) return null;
  return (
    <Page title={t('console.title')} lead={t('console.lead', { name: user.givenName })} width="wide">
      <ConsoleNav />
      <ul className="tiles tiles-links tiles-grid">
        {consoleSections(t, user.role, info?.demo ?? false).map((s) => (
          <li key={s.to} className="tile tile-linked">
            <Link to={s.to} className="tile-title tile-link">
              {s.title}
            </Link>
            <span className="tile-body">{s.body}</span>
          </li>
        ))}
      </ul>
    </Page>
  );
}
