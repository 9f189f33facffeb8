import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { homeFor, useSession } from '../../app/session';

function Home() {
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <p>
      <Link to={homeFor(user)} className="btn btn-secondary">
        {t('page.goHome')}
      </Link>
    </p>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('page.notFound')} lead={t('page.notFoundBody')}>
      <Home />
    </Page>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Page title={t('page.forbidden')} lead={t('page.forbiddenBody')}>
      <Home />
    </Page>
  );
}

export function LoadFailedPage() {
  const { t } = useI18n();
  return (
    <Page title={t('page.loadFailed')} lead={t('errors.network_error')}>
      <p>
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          {t('common.retry')}
        </button>
      </p>
    </Page>
  );
}
