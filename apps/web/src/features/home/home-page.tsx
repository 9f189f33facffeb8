import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { useSession } from '../../app/session';
import { Badge, Notice } from '../../app/ui/feedback';
import { Notifications } from './notifications';

function Tile({ title, body, to, soon }: { title: string; body: string; to?: string; soon?: boolean }) {
  const { t } = useI18n();
  if (to) {
    // The link names only the title; its ::after stretches the click area over the whole tile.
    return (
      <li className="tile tile-linked">
        <Link to={to} className="tile-title tile-link">
          {title}
        </Link>
        <span className="tile-body">{body}</span>
      </li>
    );
  }
  return (
    <li className={`tile${soon ? ' tile-soon' : ''}`}>
      <span className="tile-title">{title}</span>
      <span className="tile-body">{body}</span>
      {soon && <Badge>{t('common.comingSoon')}</Badge>}
    </li>
  );
}

export function HomePage() {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user) return null;
  return (
    <Page title={t('home.title', { name: user.givenName })} lead={t('home.lead')} width="wide">
      {!user.totpEnabled && (
        <Notice tone="info">
          <p>
            {t('home.nudge')} <Link to="/account/security">{t('home.nudgeLink')}</Link>
          </p>
        </Notice>
      )}
      <div className="home-grid">
        <Notifications />
        <div className="stack">
          <section aria-labelledby="care-heading">
            <h2 id="care-heading">{t('home.care')}</h2>
            <ul className="tiles">
              <Tile title={t('home.appointments')} body={t('home.appointmentsBody')} to="/appointments" />
              <Tile title={t('home.record')} body={t('home.recordBody')} to="/records" />
              <Tile title={t('home.messages')} body={t('home.messagesBody')} soon />
              <Tile title={t('home.bills')} body={t('home.billsBody')} to="/bills" />
            </ul>
          </section>
          <section aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">{t('home.privacy')}</h2>
            <ul className="tiles tiles-links">
              <Tile title={t('home.accessLog')} body={t('home.accessLogBody')} to="/account/access-log" />
              <Tile title={t('home.security')} body={t('home.securityBody')} to="/account/security" />
              <Tile
                title={t('connectedApps.title')}
                body={t('connectedApps.tileBody')}
                to="/account/connected-apps"
              />
            </ul>
          </section>
        </div>
      </div>
    </Page>
  );
}
