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
    latitude: number | null;
    longitude: number | null;
    hours: string | null;
    accessibility_notes: string | null;
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
    idle_minutes: Generated<number>;
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
    /** The SMART client an app read was made through (migration 006); null otherwise. */
    actor_client_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  fhir_resources: {
    tenant_id: string;
    resource_type: string;
    id: string;
    version: number;
    last_updated: Timestamp;
    deleted: boolean;
    content: Json;
    compartments: string[];
  };
  fhir_history: {
    tenant_id: string;
    resource_type: string;
    id: string;
    version: number;
    last_updated: Timestamp;
    deleted: boolean;
    content: Json | null;
    compartments: string[];
  };
  fhir_index: {
    tenant_id: string;
    resource_type: string;
    resource_id: string;
    param: string;
    text: string | null;
    system: string | null;
    unit: string | null;
    low: Timestamp | null;
    high: Timestamp | null;
    nlow: string | null;
    nhigh: string | null;
  };
  smart_clients: {
    id: Generated<string>;
    tenant_id: string;
    client_id: string;
    name: string;
    kind: 'app' | 'backend';
    auth_method: 'none' | 'client_secret_basic' | 'private_key_jwt';
    redirect_uris: ColumnType<string[], string[] | undefined, string[]>;
    scopes: string;
    secret_sealed: string | null;
    jwks: ColumnType<{ keys: Record<string, unknown>[] } | null, string | null, string | null>;
    created_by: string | null;
    created_at: CreatedAt;
    disabled_at: Timestamp | null;
  };
  smart_grants: {
    id: string;
    tenant_id: string;
    client_id: string;
    user_id: string;
    patient_id: string | null;
    scopes: string[];
    created_at: CreatedAt;
    last_used_at: Timestamp | null;
    revoked_at: Timestamp | null;
  };
  oauth_records: {
    tenant_id: string;
    model: string;
    id: string;
    payload: Json<Record<string, unknown>>;
    grant_id: string | null;
    uid: string | null;
    expires_at: Timestamp | null;
    consumed_at: Timestamp | null;
  };
  smart_signing_keys: {
    tenant_id: string;
    kid: string;
    private_jwk_sealed: string;
    created_at: CreatedAt;
  };
  // Directory and scheduling (003)
  providers: {
    id: Generated<string>;
    tenant_id: string;
    given_name: string;
    family_name: string;
    credentials: Generated<string>;
    specialties: ColumnType<string[], string[] | undefined, string[]>;
    languages: ColumnType<string[], string[] | undefined, string[]>;
    gender: string | null;
    bio: Generated<string>;
    photo_url: string | null;
    accepting_new_patients: Generated<boolean>;
    insurance_plans: ColumnType<string[], string[] | undefined, string[]>;
    active: Generated<boolean>;
    created_at: CreatedAt;
  };
  visit_types: {
    id: Generated<string>;
    tenant_id: string;
    code: string;
    name_en: string;
    name_es: string;
    minutes: number;
    mode: string;
    patient_status: string;
    specialties: ColumnType<string[], string[] | undefined, string[]>;
    self_bookable: Generated<boolean>;
    instructions_en: Generated<string>;
    instructions_es: Generated<string>;
    cancel_window_hours: Generated<number>;
    buffer_before_minutes: Generated<number>;
    buffer_after_minutes: Generated<number>;
    minimum_notice_minutes: Generated<number>;
    horizon_days: Generated<number>;
    active: Generated<boolean>;
  };
  provider_schedules: {
    id: Generated<string>;
    tenant_id: string;
    provider_id: string;
    location_id: string;
    weekly: Json<Record<string, { start: string; end: string }[]>>;
    daily_cap: number | null;
  };
  schedule_exceptions: {
    id: Generated<string>;
    tenant_id: string;
    schedule_id: string;
    on_date: string;
    ranges: Json<{ start: string; end: string }[]>;
    reason: Generated<string>;
  };
  appointments: {
    id: Generated<string>;
    tenant_id: string;
    kind: Generated<string>;
    patient_id: string | null;
    provider_id: string;
    location_id: string;
    visit_type_id: string | null;
    status: string;
    start_at: Timestamp;
    end_at: Timestamp;
    hold_expires_at: Timestamp | null;
    reason: Generated<string>;
    booked_by: string | null;
    idempotency_key: string | null;
    confirmed_at: Timestamp | null;
    checked_in_at: Timestamp | null;
    cancelled_at: Timestamp | null;
    cancelled_by: string | null;
    cancel_reason: string | null;
    late_cancel: Generated<boolean>;
    rescheduled_from: string | null;
    created_at: CreatedAt;
    updated_at: Generated<Date>;
  };
  slot_cells: {
    tenant_id: string;
    provider_id: string;
    cell_start: Timestamp;
    appointment_id: string;
  };
  waitlist_entries: {
    id: Generated<string>;
    tenant_id: string;
    patient_id: string;
    appointment_id: string | null;
    provider_id: string;
    visit_type_id: string;
    before_at: Timestamp;
    status: Generated<string>;
    created_at: CreatedAt;
  };
  waitlist_offers: {
    id: Generated<string>;
    tenant_id: string;
    entry_id: string;
    provider_id: string;
    location_id: string;
    start_at: Timestamp;
    end_at: Timestamp;
    status: Generated<string>;
    expires_at: Timestamp;
    created_at: CreatedAt;
  };
  scheduling_settings: {
    tenant_id: string;
    reminder_offsets_minutes: ColumnType<number[], number[] | undefined, number[]>;
    hold_minutes: Generated<number>;
    offer_minutes: Generated<number>;
  };
  fhir_exports: {
    id: Generated<string>;
    tenant_id: string;
    requested_by: string | null;
    client_id: string | null;
    patient_id: string | null;
    level: string;
    group_id: string | null;
    types: string[] | null;
    since: Timestamp | null;
    request_url: string;
    status: Generated<string>;
    error: string | null;
    created_at: CreatedAt;
    finished_at: Timestamp | null;
  };
  fhir_export_files: {
    tenant_id: string;
    export_id: string;
    resource_type: string;
    ndjson: string;
    count: number;
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
    allow_credit: Generated<boolean>;
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
