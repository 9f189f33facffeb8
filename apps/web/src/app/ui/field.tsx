import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

interface BaseProps {
  label: string;
  /** Short help shown under the label and read with the field. */
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
}

function describedBy(...ids: (string | false | null | undefined)[]) {
  const list = ids.filter(Boolean).join(' ');
  return list === '' ? undefined : list;
}

type TextFieldProps = BaseProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
    name: string;
    value: string;
    onChange: (value: string) => void;
  };

export function TextField({
  label,
  hint,
  error,
  optional,
  name,
  value,
  onChange,
  type = 'text',
  ...rest
}: TextFieldProps) {
  const { t } = useI18n();
  const id = `${useId()}-${name}`;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> ({t('common.optional')})</span>}
      </label>
      {hint && (
        <p className="field-hint" id={hintId ?? undefined}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId ?? undefined}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        onChange={(e) => onChange(e.target.value)}
        {...rest}
      />
    </div>
  );
}

interface SelectFieldProps extends BaseProps {
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  disabled?: boolean;
}

export function SelectField({
  label,
  hint,
  error,
  name,
  value,
  onChange,
  options,
  disabled,
}: SelectFieldProps) {
  const id = `${useId()}-${name}`;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={hintId ?? undefined}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId ?? undefined}>
          {error}
        </p>
      )}
      <select
        id={id}
        name={name}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Read-only facts (email, date of birth, MRN) as a description list. */
export function Facts({ items }: { items: readonly { label: string; value: ReactNode }[] }) {
  return (
    <dl className="facts">
      {items.map((item) => (
        <div key={item.label} className="facts-row">
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
