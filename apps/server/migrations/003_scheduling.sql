-- Directory (providers, visit types, where and when they work) and scheduling (appointments,
-- holds, blocked time, waitlist, reminders).
--
-- No double booking is a database rule: every live appointment, hold or block claims the
-- five-minute cells of the provider's time it covers, and (tenant, provider, cell) is a primary
-- key. Two requests for overlapping time, whatever their lengths, cannot both commit.

ALTER TABLE locations
  ADD COLUMN latitude double precision,
  ADD COLUMN longitude double precision,
  ADD COLUMN hours text,
  ADD COLUMN accessibility_notes text;

CREATE TABLE providers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  given_name text NOT NULL,
  family_name text NOT NULL,
  credentials text NOT NULL DEFAULT '',
  specialties text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{en}',
  gender text CHECK (gender IN ('female', 'male', 'nonbinary')),
  bio text NOT NULL DEFAULT '',
  photo_url text,
  accepting_new_patients boolean NOT NULL DEFAULT true,
  insurance_plans text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX providers_name ON providers (tenant_id, lower(family_name), lower(given_name));
CREATE INDEX providers_specialties ON providers USING gin (specialties);

CREATE TABLE visit_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9_]{2,40}$'),
  name_en text NOT NULL,
  name_es text NOT NULL,
  minutes integer NOT NULL CHECK (minutes > 0 AND minutes <= 480 AND minutes % 5 = 0),
  mode text NOT NULL CHECK (mode IN ('in_person', 'video')),
  patient_status text NOT NULL CHECK (patient_status IN ('new', 'established', 'any')),
  specialties text[] NOT NULL DEFAULT '{}',
  self_bookable boolean NOT NULL DEFAULT true,
  instructions_en text NOT NULL DEFAULT '',
  instructions_es text NOT NULL DEFAULT '',
  -- No self-cancel or self-reschedule closer than this to the start; staff still can.
  cancel_window_hours integer NOT NULL DEFAULT 24 CHECK (cancel_window_hours >= 0),
  buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes >= 0),
  buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes >= 0),
  minimum_notice_minutes integer NOT NULL DEFAULT 60 CHECK (minimum_notice_minutes >= 0),
  horizon_days integer NOT NULL DEFAULT 90 CHECK (horizon_days > 0 AND horizon_days <= 366),
  active boolean NOT NULL DEFAULT true,
  UNIQUE (tenant_id, code)
);

-- A provider's usual week at one location (wall clock of the location's zone).
CREATE TABLE provider_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  provider_id uuid NOT NULL REFERENCES providers(id),
  location_id uuid NOT NULL REFERENCES locations(id),
  weekly jsonb NOT NULL,
  daily_cap integer CHECK (daily_cap IS NULL OR daily_cap >= 0),
  UNIQUE (tenant_id, provider_id, location_id)
);
CREATE INDEX provider_schedules_location ON provider_schedules (tenant_id, location_id);

-- Replaces the week for one local date: leave and holidays (no ranges), or other hours.
CREATE TABLE schedule_exceptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  schedule_id uuid NOT NULL REFERENCES provider_schedules(id) ON DELETE CASCADE,
  on_date date NOT NULL,
  ranges jsonb NOT NULL DEFAULT '[]',
  reason text NOT NULL DEFAULT '',
  UNIQUE (tenant_id, schedule_id, on_date)
);

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  kind text NOT NULL DEFAULT 'visit' CHECK (kind IN ('visit', 'block')),
  patient_id uuid REFERENCES patients(id),
  provider_id uuid NOT NULL REFERENCES providers(id),
  location_id uuid NOT NULL REFERENCES locations(id),
  visit_type_id uuid REFERENCES visit_types(id),
  status text NOT NULL CHECK (status IN
    ('held', 'booked', 'checked_in', 'completed', 'no_show', 'cancelled', 'expired')),
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  hold_expires_at timestamptz,
  reason text NOT NULL DEFAULT '',
  booked_by uuid REFERENCES users(id),
  idempotency_key text,
  confirmed_at timestamptz,
  checked_in_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid REFERENCES users(id),
  cancel_reason text,
  late_cancel boolean NOT NULL DEFAULT false,
  rescheduled_from uuid REFERENCES appointments(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_at > start_at),
  CHECK ((kind = 'visit') = (patient_id IS NOT NULL AND visit_type_id IS NOT NULL)),
  CHECK ((status = 'held') = (hold_expires_at IS NOT NULL))
);
-- A retried booking request returns the first answer instead of booking twice.
CREATE UNIQUE INDEX appointments_idempotency ON appointments (tenant_id, booked_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX appointments_patient ON appointments (tenant_id, patient_id, start_at DESC);
CREATE INDEX appointments_provider_time ON appointments (tenant_id, provider_id, start_at);
CREATE INDEX appointments_location_time ON appointments (tenant_id, location_id, start_at);
CREATE INDEX appointments_expiring_holds ON appointments (hold_expires_at) WHERE status = 'held';

-- The five-minute cells of provider time each live appointment, hold or block occupies.
CREATE TABLE slot_cells (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  provider_id uuid NOT NULL REFERENCES providers(id),
  cell_start timestamptz NOT NULL,
  appointment_id uuid NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
  PRIMARY KEY (tenant_id, provider_id, cell_start)
);
CREATE INDEX slot_cells_appointment ON slot_cells (appointment_id);

-- Patients who want an earlier time. Offers go out in request order.
CREATE TABLE waitlist_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  appointment_id uuid REFERENCES appointments(id),
  provider_id uuid NOT NULL REFERENCES providers(id),
  visit_type_id uuid NOT NULL REFERENCES visit_types(id),
  before_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'fulfilled', 'withdrawn')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX waitlist_provider ON waitlist_entries (tenant_id, provider_id, created_at) WHERE status = 'waiting';
CREATE UNIQUE INDEX waitlist_one_per_appointment ON waitlist_entries (tenant_id, appointment_id)
  WHERE status IN ('waiting', 'offered') AND appointment_id IS NOT NULL;

-- One freed time offered to one waiting patient. Accepting books the time through the same
-- cells, so several accepting at once still give one appointment.
CREATE TABLE waitlist_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  entry_id uuid NOT NULL REFERENCES waitlist_entries(id),
  provider_id uuid NOT NULL REFERENCES providers(id),
  location_id uuid NOT NULL REFERENCES locations(id),
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'expired', 'taken', 'declined')),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waitlist_offers_entry ON waitlist_offers (tenant_id, entry_id);

-- Reminder offsets the organization chose, in minutes before the start (e.g. 10080, 1440, 120).
CREATE TABLE scheduling_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  reminder_offsets_minutes integer[] NOT NULL DEFAULT '{10080,1440,120}',
  hold_minutes integer NOT NULL DEFAULT 5 CHECK (hold_minutes BETWEEN 1 AND 30),
  offer_minutes integer NOT NULL DEFAULT 30 CHECK (offer_minutes BETWEEN 5 AND 1440)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON providers, visit_types, provider_schedules,
  schedule_exceptions, appointments, slot_cells, waitlist_entries, waitlist_offers,
  scheduling_settings TO accompany_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['providers', 'visit_types', 'provider_schedules', 'schedule_exceptions',
    'appointments', 'slot_cells', 'waitlist_entries', 'waitlist_offers', 'scheduling_settings']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO accompany_app
         USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
         WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
  END LOOP;
END $$;
