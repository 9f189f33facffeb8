import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { useSession } from '../../app/session';

function FeatureIcon({ path }: { path: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="28"
      height="28"
      aria-hidden="true"
      focusable="false"
      className="feature-icon"
    >
      <path
        d={path}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

const icons = {
  eye: 'M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12zm10 3a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  shield: 'M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6l8-3zm-3 9l2 2 4-4',
  calendar: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4',
};

export function LandingPage() {
  const { t } = useI18n();
  const { info } = useSession();
  const tenant = info?.tenant.name ?? t('app.name');
  const features = [
    { icon: icons.eye, title: t('landing.feature1Title'), body: t('landing.feature1Body') },
    { icon: icons.shield, title: t('landing.feature2Title'), body: t('landing.feature2Body') },
    { icon: icons.calendar, title: t('landing.feature3Title'), body: t('landing.feature3Body') },
  ];
  return (
    <Page title={t('landing.title')} lead={t('landing.lead', { tenant })}>
      <div className="hero-actions">
        <Link to="/sign-in" className="btn btn-primary btn-large">
          {t('landing.signIn')}
        </Link>
        <Link to="/sign-up" className="btn btn-secondary btn-large">
          {t('landing.createAccount')}
        </Link>
      </div>
      <p>
        <Link to="/pay">{t('landing.payByCode')}</Link>
      </p>
      <section aria-labelledby="features-heading" className="features">
        <h2 id="features-heading">{t('landing.featuresTitle')}</h2>
        <ul className="feature-list">
          {features.map((f) => (
            <li key={f.title} className="feature">
              <FeatureIcon path={f.icon} />
              <div>
                <h3>{f.title}</h3>
                <p>{f.body}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <p className="muted">{t('landing.staff')}</p>
    </Page>
  );
}
