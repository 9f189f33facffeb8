-- Bills and payments: an append-only ledger in integer cents per patient account, statements,
-- payments with idempotency keys, saved cards, payment plans, autopay, and the state of the
-- built-in sandbox payment gateway. Balances are never stored: they are SUMs of the ledger.

-- The organization's billing policy (one row per tenant; absent means the defaults in code).
CREATE TABLE billing_policies (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  plan_min_monthly_cents bigint NOT NULL DEFAULT 2500 CHECK (plan_min_monthly_cents > 0),
  -- Longest plan by balance: [{"upToCents": 50000, "maxMonths": 6}, {"upToCents": null, "maxMonths": 24}]
  plan_max_months jsonb NOT NULL DEFAULT '[{"upToCents":50000,"maxMonths":6},{"upToCents":200000,"maxMonths":12},{"upToCents":null,"maxMonths":24}]',
  statement_due_days integer NOT NULL DEFAULT 30 CHECK (statement_due_days BETWEEN 1 AND 120),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE billing_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, patient_id),
  -- Target of the ledger's (account, currency) reference: an entry is in its account's currency.
  UNIQUE (id, currency)
);

-- The ledger. Signs say which way money moves for the patient: a charge or a refund to the
-- patient raises what they owe (positive); payments and write-offs lower it (negative); an
-- adjustment goes either way but is never zero. The database enforces it, not the code.
CREATE TABLE ledger_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  account_id uuid NOT NULL,
  currency char(3) NOT NULL,
  kind text NOT NULL CHECK (kind IN ('charge', 'insurance_payment', 'adjustment', 'patient_payment', 'refund', 'write_off')),
  amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN -100000000 AND 100000000),
  -- Plain-language line for statements: "Office visit, established patient".
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
  service_date date,
  -- Why the patient owes what is left ("deductible", "copay", "not covered") or why it changed.
  reason text CHECK (reason IS NULL OR length(reason) <= 500),
  -- Where the entry came from. An imported ExplanationOfBenefit posts with
  -- ('ExplanationOfBenefit', '<id>#<item>'), a payment with ('payment', '<payment id>'), so
  -- posting the same source twice is refused by the unique index below.
  source_type text NOT NULL CHECK (source_type IN ('staff', 'payment', 'refund', 'Claim', 'ExplanationOfBenefit', 'demo', 'plan')),
  source_id text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (account_id, currency) REFERENCES billing_accounts(id, currency),
  CHECK (
    (kind IN ('charge', 'refund') AND amount_cents > 0)
    OR (kind IN ('insurance_payment', 'patient_payment', 'write_off') AND amount_cents < 0)
    OR (kind = 'adjustment' AND amount_cents <> 0)
  ),
  CHECK (kind NOT IN ('adjustment', 'write_off', 'refund') OR reason IS NOT NULL)
);
CREATE INDEX ledger_entries_account ON ledger_entries (tenant_id, account_id, created_at);
CREATE UNIQUE INDEX ledger_entries_source ON ledger_entries (tenant_id, source_type, source_id)
  WHERE source_id IS NOT NULL;

-- Cards saved at the gateway: only its token and what a person needs to recognise the card.
CREATE TABLE payment_methods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  account_id uuid NOT NULL REFERENCES billing_accounts(id),
  gateway text NOT NULL CHECK (gateway IN ('sandbox', 'stripe')),
  gateway_token text NOT NULL,
  brand text NOT NULL,
  last4 char(4) NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month integer NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);
CREATE INDEX payment_methods_account ON payment_methods (tenant_id, account_id);

CREATE TABLE statements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  account_id uuid NOT NULL REFERENCES billing_accounts(id),
  -- Printed on paper and in the text-to-pay link: short, unambiguous characters.
  code text NOT NULL CHECK (code ~ '^[A-HJ-NP-Z2-9]{8}$'),
  currency char(3) NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  due_date date NOT NULL,
  previous_balance_cents bigint NOT NULL,
  balance_cents bigint NOT NULL,
  -- The statement is a document: its lines are kept as issued, in both languages' source terms.
  lines jsonb NOT NULL,
  last_entry_at timestamptz,
  UNIQUE (tenant_id, code)
);
CREATE INDEX statements_account ON statements (tenant_id, account_id, issued_at DESC);

-- One row per payment request. The unique idempotency key is what makes a retried,
-- duplicated or concurrent request charge once: the second insert of a key finds the first.
CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  account_id uuid NOT NULL REFERENCES billing_accounts(id),
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 8 AND 300),
  request_hash text NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 100000000),
  currency char(3) NOT NULL,
  channel text NOT NULL CHECK (channel IN ('app', 'text_to_pay', 'plan', 'autopay', 'staff')),
  gateway text NOT NULL CHECK (gateway IN ('sandbox', 'stripe')),
  card_token text NOT NULL,
  card_last4 char(4),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'unknown', 'succeeded', 'failed', 'refunded')),
  gateway_ref text,
  failure_code text,
  statement_id uuid REFERENCES statements(id),
  installment_id uuid,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX payments_account ON payments (tenant_id, account_id, created_at DESC);
CREATE INDEX payments_created ON payments (tenant_id, created_at DESC);
CREATE INDEX payments_gateway_ref ON payments (tenant_id, gateway_ref);

CREATE TABLE payment_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  account_id uuid NOT NULL REFERENCES billing_accounts(id),
  payment_method_id uuid NOT NULL REFERENCES payment_methods(id),
  total_cents bigint NOT NULL CHECK (total_cents > 0),
  currency char(3) NOT NULL,
  months integer NOT NULL CHECK (months BETWEEN 1 AND 60),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'defaulted', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
-- One active plan per account, whatever two requests try at once.
CREATE UNIQUE INDEX payment_plans_one_active ON payment_plans (tenant_id, account_id) WHERE status = 'active';

CREATE TABLE plan_installments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  plan_id uuid NOT NULL REFERENCES payment_plans(id),
  seq integer NOT NULL CHECK (seq >= 1),
  due_date date NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'noticed', 'paid', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_on date,
  payment_id uuid REFERENCES payments(id),
  UNIQUE (plan_id, seq)
);
CREATE INDEX plan_installments_due ON plan_installments (tenant_id, status, due_date);

CREATE TABLE autopay_enrolments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  account_id uuid NOT NULL REFERENCES billing_accounts(id),
  payment_method_id uuid NOT NULL REFERENCES payment_methods(id),
  enabled_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);
CREATE UNIQUE INDEX autopay_one_active ON autopay_enrolments (tenant_id, account_id) WHERE disabled_at IS NULL;

-- Gateway webhooks arrive more than once: an event is handled once.
CREATE TABLE gateway_events (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  gateway text NOT NULL,
  event_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, gateway, event_id)
);

-- The built-in sandbox gateway's own books (what a real gateway keeps on its side): card
-- tokens (never the number: the outcome its test number stands for, and the last four
-- digits) and charges by idempotency key, so a repeated request replays the first answer.
CREATE TABLE sandbox_gateway_tokens (
  token text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  behaviour text NOT NULL,
  brand text NOT NULL,
  last4 char(4) NOT NULL,
  exp_month integer NOT NULL,
  exp_year integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE sandbox_gateway_charges (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  idempotency_key text NOT NULL,
  token text NOT NULL,
  amount_cents bigint NOT NULL,
  currency char(3) NOT NULL,
  status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'processing', 'refunded')),
  failure_code text,
  refunded_cents bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, idempotency_key)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON billing_policies, billing_accounts, ledger_entries, payment_methods,
  statements, payments, payment_plans, plan_installments, autopay_enrolments, gateway_events,
  sandbox_gateway_tokens, sandbox_gateway_charges TO accompany_app;
-- The ledger is append-only for the application: corrections are new entries.
REVOKE UPDATE, DELETE ON ledger_entries FROM accompany_app;
-- Statements are documents: issued once, never rewritten.
REVOKE UPDATE, DELETE ON statements FROM accompany_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['billing_policies', 'billing_accounts', 'ledger_entries', 'payment_methods',
    'statements', 'payments', 'payment_plans', 'plan_installments', 'autopay_enrolments', 'gateway_events',
    'sandbox_gateway_tokens', 'sandbox_gateway_charges']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO accompany_app
         USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
         WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
  END LOOP;
END $$;
