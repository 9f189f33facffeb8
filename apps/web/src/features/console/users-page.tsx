import { useState } from 'react';
import type { UserSummary } from '@accompany/contracts';
import { isRole, roles, staffRoles } from '../../app/constants';
import { useI18n } from '../../app/i18n/i18n';
import { roleLabel } from '../../app/i18n/labels';
import { Page } from '../../app/layout/page';
import { navigate, useLocation } from '../../app/router/router';
import { useSession } from '../../app/session';
import { api, toApiError, withQuery, type ApiError } from '../../app/api/client';
import { usePaged } from '../../app/api/use-resource';
import { announce } from '../../app/flash';
import { SelectField, TextField } from '../../app/ui/field';
import { Badge, Empty, ErrorNotice, LoadMore, Loading } from '../../app/ui/feedback';
import { ConsoleNav } from './console-nav';

const statusTone = { active: 'good', disabled: 'bad', unverified: 'warn' } as const;

function ManageUser({ user, onChange }: { user: UserSummary; onChange: (u: UserSummary) => void }) {
  const { t } = useI18n();
  const [role, setRole] = useState<string>(user.role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const name = `${user.givenName} ${user.familyName}`;

  async function update(body: { role?: string; disabled?: boolean }) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await api.patch<UserSummary>(`/api/staff/users/${encodeURIComponent(user.id)}`, body);
      onChange(next);
      announce(t('users.updated', { name }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const isStaff = user.role !== 'patient';
  return (
    <details className="manage">
      <summary aria-label={`${t('users.manage')} ${name}`}>{t('users.manage')}</summary>
      <div className="manage-body" aria-busy={busy || undefined}>
        {error && <ErrorNotice error={error} />}
        {isStaff && (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void update({ role });
            }}
          >
            <SelectField
              label={t('users.newRole')}
              name="role"
              value={role}
              onChange={setRole}
              options={staffRoles.map((r) => ({ value: r, label: roleLabel(t, r) }))}
            />
            <button type="submit" className="btn btn-secondary btn-small">
              {t('users.changeRole')}
            </button>
          </form>
        )}
        <button
          type="button"
          className={`btn btn-small ${user.status === 'disabled' ? 'btn-secondary' : 'btn-danger'}`}
          onClick={() => void update({ disabled: user.status !== 'disabled' })}
        >
          {user.status === 'disabled' ? t('users.enable') : t('users.disable')}
        </button>
      </div>
    </details>
  );
}

export function UsersPage() {
  const { t, formatDateTime } = useI18n();
  const { user: me } = useSession();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const roleParam = query.get('role') ?? '';
  const role = isRole(roleParam) ? roleParam : '';
  const [text, setText] = useState(q);
  const [roleFilter, setRoleFilter] = useState<string>(role);
  const list = usePaged<UserSummary>(withQuery('/api/staff/users', { q, role }));

  return (
    <Page title={t('console.users')} width="wide">
      <ConsoleNav />
      <form
        role="search"
        className="search-bar"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(withQuery('/console/users', { q: text.trim(), role: roleFilter }), { replace: true });
        }}
      >
        <TextField
          label={t('users.search')}
          hint={t('users.searchHint')}
          type="search"
          name="q"
          value={text}
          onChange={setText}
          autoComplete="off"
        />
        <SelectField
          label={t('users.role')}
          name="role"
          value={roleFilter}
          onChange={setRoleFilter}
          options={[
            { value: '', label: t('users.allRoles') },
            ...roles.map((r) => ({ value: r, label: roleLabel(t, r) })),
          ]}
        />
        <button type="submit" className="btn btn-primary">
          {t('users.submit')}
        </button>
      </form>
      {list.loading && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.loading && !list.error && list.items.length === 0 && <Empty>{t('users.empty')}</Empty>}
      {list.items.length > 0 && (
        <ul className="rows" aria-label={t('users.list')}>
          {list.items.map((u) => (
            <li key={u.id} className="row">
              <span className="row-title">
                {u.givenName} {u.familyName}
              </span>
              <span className="row-meta">
                <span>{u.email}</span>
                <span>
                  {u.lastSignInAt
                    ? t('users.lastSignIn', { date: formatDateTime(u.lastSignInAt) })
                    : t('users.neverSignedIn')}
                </span>
              </span>
              <span className="badges">
                <Badge tone="info">{roleLabel(t, u.role)}</Badge>
                <Badge tone={statusTone[u.status]}>{t(`users.status.${u.status}` as const)}</Badge>
                <Badge tone={u.totpEnabled ? 'good' : 'neutral'}>
                  {u.totpEnabled ? t('users.totpOn') : t('users.totpOff')}
                </Badge>
              </span>
              {u.id === me?.id ? (
                <span className="muted small">{t('users.you')}</span>
              ) : (
                <ManageUser
                  user={u}
                  onChange={(next) =>
                    list.updateItems((items) => items.map((i) => (i.id === next.id ? next : i)))
                  }
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <LoadMore
        hasMore={list.nextCursor !== null}
        loading={list.loadingMore}
        onLoadMore={() => void list.loadMore()}
      />
    </Page>
  );
}
