-- SMART App Launch authorization server: registered apps and backend systems, the grants
-- patients gave them, the OAuth server's shared state (codes, tokens, sessions, interactions),
-- and each tenant's token-signing key. All of it lives here so every server process agrees.

CREATE TABLE smart_clients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  client_id text NOT NULL CHECK (client_id ~ '^[A-Za-z0-9._-]{3,100}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- 'app': a patient-facing app (authorization code); 'backend': a system (client credentials)
  kind text NOT NULL CHECK (kind IN ('app', 'backend')),
  auth_method text NOT NULL CHECK (auth_method IN ('none', 'client_secret_basic', 'private_key_jwt')),
  redirect_uris text[] NOT NULL DEFAULT '{}',
  -- Space-separated scopes the client may ever be granted (clinical scopes cover narrower ones).
  scopes text NOT NULL,
  -- Encrypted with the application keyring; present for client_secret_basic only.
  secret_sealed text,
  -- Public keys for private_key_jwt.
  jwks jsonb,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  UNIQUE (tenant_id, client_id),
  CHECK ((kind = 'app') = (cardinality(redirect_uris) > 0)),
  CHECK ((auth_method = 'private_key_jwt') = (jwks IS NOT NULL)),
  CHECK ((auth_method = 'client_secret_basic') = (secret_sealed IS NOT NULL))
);

-- What a patient allowed an app to see. The id is the OAuth server's grant id: every code,
-- access token and refresh token carries it, so revoking the grant ends all of them.
CREATE TABLE smart_grants (
  id text NOT NULL,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  client_id text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  patient_id uuid REFERENCES patients(id),
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES smart_clients (tenant_id, client_id)
);
CREATE INDEX smart_grants_user ON smart_grants (tenant_id, user_id, created_at DESC);

-- The OAuth server's records, by model (AccessToken, Grant, Interaction …) and id. Bearer
-- credentials (codes and tokens) are keyed by the hash of their value, never the value.
CREATE TABLE oauth_records (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (tenant_id, model, id)
);
CREATE INDEX oauth_records_grant ON oauth_records (tenant_id, grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_records_uid ON oauth_records (tenant_id, model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oauth_records_expiry ON oauth_records (expires_at);

-- One token-signing key per tenant, made on first use, private part encrypted.
CREATE TABLE smart_signing_keys (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  kid text NOT NULL,
  private_jwk_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Reads made by an app through SMART name the app (its client id) beside the user who allowed it.
ALTER TABLE audit_events ADD COLUMN actor_client_id text;

GRANT SELECT, INSERT, UPDATE, DELETE ON smart_clients, smart_grants, oauth_records, smart_signing_keys
  TO accompany_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['smart_clients', 'smart_grants', 'oauth_records', 'smart_signing_keys']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO accompany_app
         USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
         WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
  END LOOP;
END $$;
