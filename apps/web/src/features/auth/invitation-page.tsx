import type { Role } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { roleLabel } from '../../app/i18n/labels';
import { Page } from '../../app/layout/page';
import { navigate, useLocation } from '../../app/router/router';
import { api } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { setFlash } from '../../app/flash';
import { Form, Submit, useForm } from '../../app/ui/form';
import { Facts, TextField } from '../../app/ui/field';
import { ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { collect, password } from '../../app/validate';

interface InvitationPreview {
  email: string;
  role: Role;
  givenName: string;
  tenantName: string;
}

export function InvitationPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const token = query.get('token');
  const preview = useResource<InvitationPreview>(
    token ? `/api/auth/invitations/${encodeURIComponent(token)}` : null,
  );
  const form = useForm({ password: '' });

  const submit = form.onSubmit(
    async (v) => {
      await api.post('/api/auth/invitations/accept', { token, password: v.password }, { quiet: true });
      setFlash({ key: 'auth.invite.done' });
      navigate('/sign-in');
    },
    (v) => collect({ password: password(v.password) }),
  );

  const invite = preview.data;
  return (
    <Page
      title={t('auth.invite.title')}
      lead={
        invite &&
        t('auth.invite.lead', {
          name: invite.givenName,
          tenant: invite.tenantName,
          role: roleLabel(t, invite.role),
        })
      }
    >
      {!token && <Notice tone="warning">{t('auth.missingToken')}</Notice>}
      {preview.loading && <Loading />}
      {preview.error && <ErrorNotice error={preview.error} />}
      {invite && (
        <div className="card">
          <Facts items={[{ label: t('auth.email'), value: invite.email }]} />
          <p>{t('auth.invite.choose')}</p>
          <Form form={form} onSubmit={submit}>
            {/* Lets password managers save the new password against the right account. */}
            <input type="hidden" name="username" autoComplete="username" value={invite.email} />
            <TextField
              label={t('auth.password')}
              type="password"
              autoComplete="new-password"
              hint={t('auth.passwordHint')}
              {...form.field('password')}
            />
            <Submit busy={form.busy} busyLabel={t('auth.invite.busy')}>
              {t('auth.invite.submit')}
            </Submit>
          </Form>
        </div>
      )}
    </Page>
  );
}
