import { Component, Suspense, type ReactNode } from 'react';
import { I18nProvider, useI18n } from './i18n/i18n';
import { SessionProvider, useSession } from './session';
import { Layout } from './layout/layout';
import { Redirect, useLocation } from './router/router';
import { findRoute } from './router/match';
import { guard } from './access';
import { routes } from './routes';
import { Loading } from './ui/feedback';
import { ForbiddenPage, LoadFailedPage, NotFoundPage } from '../features/errors/error-pages';

/** Catches render errors and failed chunk loads so one broken page doesn't blank the app. */
class PageBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    console.error(error);
  }
  override render() {
    return this.state.failed ? <LoadFailedPage /> : this.props.children;
  }
}

function CurrentPage() {
  const { t } = useI18n();
  const { pathname, search } = useLocation();
  const { status, user } = useSession();

  if (status === 'loading') return <Loading label={t('page.loading')} />;
  const match = findRoute(routes, pathname);
  if (!match) return <NotFoundPage />;

  const verdict = guard(match.route.access, user, pathname + search);
  if (verdict && 'redirect' in verdict) return <Redirect to={verdict.redirect} />;
  if (verdict && 'forbidden' in verdict) return <ForbiddenPage />;

  const Page = match.route.component;
  return (
    <PageBoundary key={pathname}>
      <Suspense fallback={<Loading label={t('page.loading')} />}>
        <Page params={match.params} />
      </Suspense>
    </PageBoundary>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Layout>
          <CurrentPage />
        </Layout>
      </SessionProvider>
    </I18nProvider>
  );
}
