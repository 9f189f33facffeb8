import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { useSession } from '../../app/session';
import { Notice } from '../../app/ui/feedback';
import { AccountNav } from './account-nav';
import { PasskeysSection } from './passkeys-section';
import { TotpSection } from './totp-section';

export function SecurityPage() {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user) return null;
  return (
    <Page title={t('security.title')} lead={t('security.lead')}>
      <AccountNav />
      {user.mustEnrolTotp && <Notice tone="warning">{t('security.mustEnrol')}</Notice>}
      <TotpSection />
      {/* Until two-factor is set up, staff can't use anything else (the server answers 403). */}
      {!user.mustEnrolTotp && <PasskeysSection />}
    </Page>
  );
}
