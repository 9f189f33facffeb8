import { useI18n } from '../../app/i18n/i18n';
import { TextField } from '../../app/ui/field';
import type { CardInput } from './api';

/** The card fields; what they hold goes only to the gateway's tokenization endpoint. */
export function CardFields({ card, onChange }: { card: CardInput; onChange: (card: CardInput) => void }) {
  const { t } = useI18n();
  const set = (field: keyof CardInput) => (value: string) => onChange({ ...card, [field]: value });
  return (
    <fieldset className="stack">
      <legend>{t('pay.card')}</legend>
      <TextField
        name="cardNumber"
        label={t('pay.cardNumber')}
        hint={t('pay.cardHint')}
        inputMode="numeric"
        autoComplete="cc-number"
        value={card.number}
        onChange={set('number')}
      />
      <div className="field-row">
        <TextField
          name="expMonth"
          label={t('pay.expMonth')}
          inputMode="numeric"
          autoComplete="cc-exp-month"
          value={card.expMonth}
          onChange={set('expMonth')}
        />
        <TextField
          name="expYear"
          label={t('pay.expYear')}
          inputMode="numeric"
          autoComplete="cc-exp-year"
          value={card.expYear}
          onChange={set('expYear')}
        />
        <TextField
          name="cvc"
          label={t('pay.cvc')}
          inputMode="numeric"
          autoComplete="cc-csc"
          value={card.cvc}
          onChange={set('cvc')}
        />
      </div>
    </fieldset>
  );
}

export const emptyCard: CardInput = { number: '', expMonth: '', expYear: '', cvc: '' };
