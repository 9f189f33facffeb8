-- FHIR R4 resource store. One row per resource (its current version) plus every version in
-- history; search runs on index rows extracted from the official SearchParameter expressions.

CREATE TABLE fhir_resources (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  resource_type text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  last_updated timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  content jsonb NOT NULL,
  -- Patient ids whose compartment holds this resource (a Patient holds itself): the one
  -- predicate that confines a patient's session or a patient-context token.
  compartments text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, resource_type, id)
);
CREATE INDEX fhir_resources_compartments ON fhir_resources USING gin (compartments);
CREATE INDEX fhir_resources_updated ON fhir_resources (tenant_id, resource_type, last_updated, id);

CREATE TABLE fhir_history (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  resource_type text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  last_updated timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  content jsonb,
  compartments text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, resource_type, id, version)
);
CREATE INDEX fhir_history_type ON fhir_history (tenant_id, resource_type, last_updated);

-- One row per indexed value of a search parameter. Columns by parameter type:
--   string: text (lowercase, accents removed)  token: system + text (the code)
--   reference: text ('Type/id' or an absolute URL)  uri: text
--   date: low/high instants  number, quantity: nlow/nhigh (+ system|unit in system/unit)
CREATE TABLE fhir_index (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  param text NOT NULL,
  text text,
  system text,
  unit text,
  low timestamptz,
  high timestamptz,
  nlow numeric,
  nhigh numeric
);
CREATE INDEX fhir_index_text ON fhir_index (tenant_id, resource_type, param, text text_pattern_ops);
CREATE INDEX fhir_index_date ON fhir_index (tenant_id, resource_type, param, low, high);
CREATE INDEX fhir_index_number ON fhir_index (tenant_id, resource_type, param, nlow, nhigh);
CREATE INDEX fhir_index_resource ON fhir_index (tenant_id, resource_type, resource_id);

-- Bulk Data exports: the request, then one NDJSON file per resource type once the job ran.
CREATE TABLE fhir_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  requested_by uuid,
  client_id text,
  -- Set for a patient-bound caller: the export never leaves that compartment.
  patient_id text,
  level text NOT NULL CHECK (level IN ('system', 'patient', 'group')),
  group_id text,
  types text[],
  since timestamptz,
  request_url text NOT NULL,
  status text NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'completed', 'failed')),
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE TABLE fhir_export_files (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  export_id uuid NOT NULL REFERENCES fhir_exports(id) ON DELETE CASCADE,
  resource_type text NOT NULL,
  ndjson text NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (export_id, resource_type)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON fhir_resources, fhir_history, fhir_index, fhir_exports,
  fhir_export_files TO accompany_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['fhir_resources', 'fhir_history', 'fhir_index', 'fhir_exports',
    'fhir_export_files']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO accompany_app
         USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
         WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
  END LOOP;
END $$;
