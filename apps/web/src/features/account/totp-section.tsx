import { useState } from 'react';
import { useI18n } from '../../app/i18n/i18n';
import { Section } from '../../app/layout/page';
import { homeFor, useSession } from '../../app/session';
import { api } from '../../app/api/client';
import { announce } from '../../app/flash';
import { navigate } from '../../app/router/router';
import { Form, Submit, useForm } from '../../app/ui/form';
import { TextField } from '../../app/ui/field';
import { Badge, Notice } from '../../app/ui/feedback';
import { collect, totpCode } from '../../app/validate';
import { groupSecret, QrCode } from './qr-code';

type Phase =
  { kind: 'idle' } | { kind: 'setup'; secret: string; uri: string } | { kind: 'codes'; codes: string[] };

interface CodeInputProps {
  label: string;
  hint?: string;
  name: string;
  value: string;
  error: string | null;
  onChange: (value: string) => void;
}

function CodeInput(props: CodeInputProps) {
  return (
    <TextField
      {...props}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      className="input-code"
    />
  );
}

export function TotpSection() {
  const { t } = useI18n();
  const { user, refresh } = useSession();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [wasRequired] = useState(() => user?.mustEnrolTotp ?? false);
  const start = useForm({});
  const enable = useForm({ code: '' });
  const disable = useForm({ code: '' });
  const [copied, setCopied] = useState(false);
  /** A visible confirmation after enabling or disabling (also announced). */
  const [done, setDone] = useState<'enabled' | 'disabled' | null>(null);
  if (!user) return null;

  const begin = start.onSubmit(async () => {
    setDone(null);
    const setup = await api.post<{ secret: string; otpauthUri: string }>('/api/me/totp/setup', {});
    enable.setValues({ code: '' });
    setPhase({ kind: 'setup', secret: setup.secret, uri: setup.otpauthUri });
  });

  const confirm = enable.onSubmit(
    async (v) => {
      const result = await api.post<{ recoveryCodes: string[] }>('/api/me/totp/enable', {
        code: v.code.trim(),
      });
      setPhase({ kind: 'codes', codes: result.recoveryCodes });
      await refresh();
      announce(t('security.enabled'));
    },
    (v) => collect({ code: totpCode(v.code) }),
  );

  const turnOff = disable.onSubmit(
    async (v) => {
      await api.post('/api/me/totp/disable', { code: v.code.trim() });
      disable.setValues({ code: '' });
      await refresh();
      setDone('disabled');
      announce(t('security.disabled'));
    },
    (v) => collect({ code: totpCode(v.code) }),
  );

  async function finish() {
    setPhase({ kind: 'idle' });
    setDone('enabled');
    const next = await refresh();
    if (wasRequired && next) navigate(homeFor(next));
  }

  async function copy(codes: string[]) {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied(true);
      announce(t('security.copied'));
    } catch {
      // Clipboard blocked: the codes are still on screen to copy by hand.
    }
  }

  const on = user.totpEnabled;
  return (
    <Section title={t('security.totp')}>
      {phase.kind === 'codes' ? (
        <div className="recovery">
          <h3>{t('security.recoveryTitle')}</h3>
          <p>{t('security.recoveryBody')}</p>
          <ul className="recovery-codes">
            {phase.codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <button type="button" className="btn btn-secondary" onClick={() => void copy(phase.codes)}>
              {t('security.copy')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void finish()}>
              {t('security.savedThem')}
            </button>
            {copied && <span className="saved-mark">{t('security.copied')}</span>}
          </div>
        </div>
      ) : phase.kind === 'setup' ? (
        <div className="totp-setup">
          <ol className="steps">
            <li>
              <p>{t('security.step1')}</p>
              <QrCode value={phase.uri} label={t('security.qrLabel')} />
              <p className="small">{t('security.manual')}</p>
              <p>
                <code className="secret">{groupSecret(phase.secret)}</code>
              </p>
            </li>
            <li>
              <p>{t('security.step2')}</p>
              <Form form={enable} onSubmit={confirm}>
                <CodeInput label={t('security.code')} {...enable.field('code')} />
                <div className="form-actions">
                  <Submit busy={enable.busy} busyLabel={t('security.verifyBusy')}>
                    {t('security.verify')}
                  </Submit>
                  <button type="button" className="btn btn-quiet" onClick={() => setPhase({ kind: 'idle' })}>
                    {t('common.cancel')}
                  </button>
                </div>
              </Form>
            </li>
          </ol>
        </div>
      ) : (
        <>
          {done && (
            <Notice tone="success">
              {done === 'enabled' ? t('security.enabled') : t('security.disabled')}
            </Notice>
          )}
          <p className="status-line">
            <Badge tone={on ? 'good' : 'warn'}>{on ? t('security.on') : t('security.off')}</Badge>
            <span>{on ? t('security.onBody') : t('security.offBody')}</span>
          </p>
          {!on && (
            <Form form={start} onSubmit={begin}>
              <Submit busy={start.busy} busyLabel={t('security.setupBusy')}>
                {t('security.setup')}
              </Submit>
            </Form>
          )}
          {on && user.role !== 'patient' && <Notice>{t('security.staffRequired')}</Notice>}
          {on && user.role === 'patient' && (
            <Form form={disable} onSubmit={turnOff}>
              <CodeInput
                label={t('security.code')}
                hint={t('security.disableHint')}
                {...disable.field('code')}
              />
              <Submit busy={disable.busy} variant="danger">
                {t('security.disable')}
              </Submit>
            </Form>
          )}
        </>
      )}
    </Section>
  );
}
