import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** Typed view of the tables the numbered SQL migrations create. */
export interface Database {
  schema_migrations: { version: number; name: string; applied_at: CreatedAt };
  tenants: {
    id: Generated<string>;
    tenant_id: Generated<string>;
    slug: string;
    name: string;
    hostnames: ColumnType<string[], string[] | undefined, string[]>;
    created_at: CreatedAt;
  };
  locations: {
    id: Generated<string>;
    tenant_id: string;
    name: string;
    line1: string;
    city: string;
    state: string;
    postal_code: string;
    phone: string | null;
    time_zone: string;
    created_at: CreatedAt;
  };
  patients: {
    id: Generated<string>;
    tenant_id: string;
    mrn: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    sex: string | null;
    email: string | null;
    phone: string | null;
    line1: string | null;
    city: string | null;
    state: string | null;
    postal_code: string | null;
    preferred_locale: string;
    created_at: CreatedAt;
    updated_at: Timestamp;
  };
  users: {
    id: Generated<string>;
    tenant_id: string;
    email: string;
    password_hash: string | null;
    role: string;
    given_name: string;
    family_name: string;
    phone: string | null;
    locale: string;
    patient_id: string | null;
    email_verified_at: Timestamp | null;
    totp_secret: string | null;
    totp_enabled_at: Timestamp | null;
    totp_last_step: number | null;
    failed_sign_ins: Generated<number>;
    locked_until: Timestamp | null;
    disabled_at: Timestamp | null;
    last_sign_in_at: Timestamp | null;
    created_at: CreatedAt;
    updated_at: Timestamp;
  };
  sessions: {
    id: Generated<string>;
    tenant_id: string;
    user_id: string;
    token_hash: string;
    csrf_token: string;
    stage: string;
    created_at: CreatedAt;
    expires_at: Timestamp;
    last_seen_at: Timestamp;
    ip: string | null;
    user_agent: string | null;
  };
  auth_tokens: {
    id: Generated<string>;
    tenant_id: string;
    user_id: string;
    purpose: string;
    token_hash: string;
    expires_at: Timestamp;
    used_at: Timestamp | null;
    created_at: CreatedAt;
  };
  invitations: {
    id: Generated<string>;
    tenant_id: string;
    email: string;
    role: string;
    given_name: string;
    family_name: string;
    locale: string;
    token_hash: string;
    invited_by: string | null;
    expires_at: Timestamp;
    accepted_at: Timestamp | null;
    created_at: CreatedAt;
  };
  recovery_codes: {
    id: Generated<string>;
    tenant_id: string;
    user_id: string;
    code_hash: string;
    used_at: Timestamp | null;
  };
  passkeys: {
    id: Generated<string>;
    tenant_id: string;
    user_id: string;
    credential_id: string;
    public_key: string;
    counter: number;
    transports: ColumnType<string[], string[] | undefined, string[]>;
    name: string;
    created_at: CreatedAt;
    last_used_at: Timestamp | null;
  };
  webauthn_challenges: {
    id: Generated<string>;
    tenant_id: string;
    user_id: string | null;
    purpose: string;
    challenge: string;
    expires_at: Timestamp;
  };
  rate_limits: {
    tenant_id: string;
    bucket: string;
    window_start: Timestamp;
    hits: number;
  };
  audit_events: {
    id: Generated<string>;
    tenant_id: string;
    at: CreatedAt;
    actor_id: string | null;
    actor_role: string | null;
    patient_id: string | null;
    action: string;
    object_type: string;
    object_id: string | null;
    outcome: string;
    ip: string | null;
    user_agent: string | null;
    request_id: string | null;
  };
  outbox: {
    id: Generated<string>;
    tenant_id: string;
    channel: string;
    user_id: string | null;
    to_address: string;
    template: string;
    locale: string;
    data: Json<Record<string, unknown>>;
    status: Generated<string>;
    created_at: CreatedAt;
    sent_at: Timestamp | null;
  };
  notifications: {
    id: Generated<string>;
    tenant_id: string;
    user_id: string;
    kind: string;
    title: string;
    body: string;
    link: string | null;
    read_at: Timestamp | null;
    created_at: CreatedAt;
  };
  caught_mail: {
    id: Generated<string>;
    tenant_id: string;
    to_address: string;
    subject: string;
    template: string;
    text_body: string;
    html_body: string;
    created_at: CreatedAt;
  };
  jobs: {
    id: Generated<string>;
    tenant_id: string;
    queue: string;
    payload: Json<Record<string, unknown>>;
    status: Generated<string>;
    attempts: Generated<number>;
    max_attempts: Generated<number>;
    run_at: Timestamp;
    locked_until: Timestamp | null;
    last_error: string | null;
    created_at: CreatedAt;
    finished_at: Timestamp | null;
  };
  // Bills and payments (migrations/002_billing.sql). Money is integer cents.
  billing_policies: {
    tenant_id: string;
    currency: Generated<string>;
    plan_min_monthly_cents: Generated<number>;
    plan_max_months: ColumnType<
      { upToCents: number | null; maxMonths: number }[],
      string | undefined,
      string
    >;
    statement_due_days: Generated<number>;
    updated_at: Timestamp;
  };
  billing_accounts: {
    id: Generated<string>;
    tenant_id: string;
    patient_id: string;
    currency: Generated<string>;
    created_at: CreatedAt;
  };
  ledger_entries: {
    id: Generated<string>;
    tenant_id: string;
    account_id: string;
    currency: string;
    kind: string;
    amount_cents: number;
    description: string;
    service_date: string | null;
    reason: string | null;
    source_type: string;
    source_id: string | null;
    created_by: string | null;
    created_at: CreatedAt;
  };
  payment_methods: {
    id: Generated<string>;
    tenant_id: string;
    account_id: string;
    gateway: string;
    gateway_token: string;
    brand: string;
    last4: string;
    exp_month: number;
    exp_year: number;
    created_at: CreatedAt;
    removed_at: Timestamp | null;
  };
  statements: {
    id: Generated<string>;
    tenant_id: string;
    account_id: string;
    code: string;
    currency: string;
    issued_at: Timestamp;
    due_date: string;
    previous_balance_cents: number;
    balance_cents: number;
    lines: Json<unknown[]>;
    last_entry_at: Timestamp | null;
  };
  payments: {
    id: Generated<string>;
    tenant_id: string;
    account_id: string;
    idempotency_key: string;
    request_hash: string;
    amount_cents: number;
    currency: string;
    channel: string;
    gateway: string;
    card_token: string;
    card_last4: string | null;
    status: Generated<string>;
    gateway_ref: string | null;
    failure_code: string | null;
    statement_id: string | null;
    installment_id: string | null;
    created_by: string | null;
    created_at: CreatedAt;
    settled_at: Timestamp | null;
  };
  payment_plans: {
    id: Generated<string>;
    tenant_id: string;
    account_id: string;
    payment_method_id: string;
    total_cents: number;
    currency: string;
    months: number;
    status: Generated<string>;
    created_at: CreatedAt;
    ended_at: Timestamp | null;
  };
  plan_installments: {
    id: Generated<string>;
    tenant_id: string;
    plan_id: string;
    seq: number;
    due_date: string;
    amount_cents: number;
    status: Generated<string>;
    attempts: Generated<number>;
    next_attempt_on: string | null;
    payment_id: string | null;
  };
  autopay_enrolments: {
    id: Generated<string>;
    tenant_id: string;
    account_id: string;
    payment_method_id: string;
    enabled_at: Timestamp;
    disabled_at: Timestamp | null;
  };
  gateway_events: {
    tenant_id: string;
    gateway: string;
    event_id: string;
    received_at: CreatedAt;
  };
  sandbox_gateway_tokens: {
    token: string;
    tenant_id: string;
    behaviour: string;
    brand: string;
    last4: string;
    exp_month: number;
    exp_year: number;
    created_at: CreatedAt;
  };
  sandbox_gateway_charges: {
    id: string;
    tenant_id: string;
    idempotency_key: string;
    token: string;
    amount_cents: number;
    currency: string;
    status: string;
    failure_code: string | null;
    refunded_cents: Generated<number>;
    created_at: CreatedAt;
  };
}
