import { useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useI18n } from '../i18n/i18n';
import { toApiError, type ApiError } from '../api/client';
import { mapProblemToFields, validationMessageKey } from '../api/problem';
import type { FieldErrors } from '../validate';
import { FormAlert, problemText } from './feedback';

type Values<K extends string> = Record<K, string>;

/**
 * Form state with client checks and server problem mapping:
 * field errors get aria-invalid + a described-by message, the summary goes to a role="alert" region,
 * and focus moves to the first invalid field.
 */
export function useForm<K extends string>(initial: Values<K>) {
  const { t, locale } = useI18n();
  const [values, setValues] = useState<Values<K>>(initial);
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  function focusFirstInvalid() {
    window.requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  }

  function setValue(name: K, value: string) {
    setValues((prev) => ({ ...prev, [name]: value }));
  }

  function field(name: K) {
    return {
      name,
      value: values[name],
      error: errors[name] ?? null,
      onChange: (v: string) => setValue(name, v),
    };
  }

  /** Show a failed request: map field errors, announce the summary. Returns the error for callers. */
  function fail(err: unknown): ApiError {
    const apiError = toApiError(err);
    const mapped = mapProblemToFields(apiError.problem, Object.keys(values));
    const fieldErrors: Partial<Record<K, string>> = {};
    for (const [name, message] of Object.entries(mapped.fields)) {
      const key = validationMessageKey(message);
      fieldErrors[name as K] = key ? t(key) : locale === 'en' ? message : t('v.invalid');
    }
    setErrors(fieldErrors);
    setAlert(problemText(apiError, t));
    if (Object.keys(fieldErrors).length > 0) focusFirstInvalid();
    return apiError;
  }

  async function submit(
    action: (values: Values<K>) => Promise<void>,
    validate?: (values: Values<K>) => FieldErrors<K>,
  ) {
    if (busyRef.current) return;
    const clientErrors: FieldErrors<K> = validate?.(values) ?? {};
    const names = Object.keys(clientErrors) as K[];
    if (names.length > 0) {
      const translated: Partial<Record<K, string>> = {};
      for (const name of names) {
        const key = clientErrors[name];
        if (key) translated[name] = t(key);
      }
      setErrors(translated);
      setAlert(t('errors.validation_failed'));
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setAlert(null);
    busyRef.current = true;
    setBusy(true);
    try {
      await action(values);
    } catch (err) {
      fail(err);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }

  function onSubmit(
    action: (values: Values<K>) => Promise<void>,
    validate?: (values: Values<K>) => FieldErrors<K>,
  ) {
    return (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      void submit(action, validate);
    };
  }

  return {
    values,
    setValues,
    setValue,
    errors,
    alert,
    setAlert,
    busy,
    field,
    fail,
    submit,
    onSubmit,
    formRef,
  };
}

interface FormProps {
  form: { formRef: RefObject<HTMLFormElement | null>; alert: string | null; busy: boolean };
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  label?: string;
  className?: string;
}

/** <form noValidate> with the alert region first, so the summary is read before the fields. */
export function Form({ form, onSubmit, children, label, className }: FormProps) {
  return (
    <form
      ref={form.formRef}
      onSubmit={onSubmit}
      noValidate
      aria-label={label}
      aria-busy={form.busy || undefined}
      className={className ? `form ${className}` : 'form'}
    >
      <FormAlert message={form.alert} />
      {children}
    </form>
  );
}

interface SubmitProps {
  busy: boolean;
  children: ReactNode;
  busyLabel?: string;
  variant?: 'primary' | 'secondary' | 'danger';
}

export function Submit({ busy, children, busyLabel, variant = 'primary' }: SubmitProps) {
  return (
    <button type="submit" className={`btn btn-${variant}`} aria-disabled={busy || undefined}>
      {busy && <span className="spinner spinner-inline" aria-hidden="true" />}
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
