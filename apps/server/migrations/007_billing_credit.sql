-- Whether a patient may pay more than the balance, the excess kept as a credit (a negative
-- balance) that the next charges use up. Off by default: most organizations refund rather
-- than hold patients' money.
ALTER TABLE billing_policies
  ADD COLUMN allow_credit boolean NOT NULL DEFAULT false;
