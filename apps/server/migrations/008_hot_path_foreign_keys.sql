-- Foreign keys that only re-prove, row by row, what the same statement already established.
--
-- A booking writes about forty rows (the visit, its five-minute cells, audit records, the FHIR
-- Appointment with its history and search-index rows, the mail's outbox row, the notice and the
-- jobs), and each foreign key costs one index look-up per row. Two kinds carry no information:
--
-- * tenant_id -> tenants on rows written by the app: the role accompany_app may only write rows
--   whose tenant_id equals the transaction's app.tenant_id (the tenant_isolation policy's check),
--   and that setting comes from a tenant the request resolved. The other thing the key did, keep a
--   tenant from being deleted or renumbered under its rows, is kept by the trigger below: tenants
--   are never deleted and their id never changes.
-- * slot_cells.provider_id -> providers: a cell's provider is its appointment's provider, and the
--   appointment row's own key to providers is checked in the same statement (claims insert both
--   together; moves update the appointment in the same savepoint).
--
-- Keys that protect real integrity stay: the cells' key to their appointment (and its cascade),
-- every key of an appointment to its patient, provider, location, visit type and booker, and the
-- keys of notifications and outbox rows to their user.

ALTER TABLE slot_cells DROP CONSTRAINT slot_cells_tenant_id_fkey;
ALTER TABLE slot_cells DROP CONSTRAINT slot_cells_provider_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_tenant_id_fkey;
ALTER TABLE audit_events DROP CONSTRAINT audit_events_tenant_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_tenant_id_fkey;
ALTER TABLE notifications DROP CONSTRAINT notifications_tenant_id_fkey;
ALTER TABLE jobs DROP CONSTRAINT jobs_tenant_id_fkey;
ALTER TABLE fhir_resources DROP CONSTRAINT fhir_resources_tenant_id_fkey;
ALTER TABLE fhir_history DROP CONSTRAINT fhir_history_tenant_id_fkey;
ALTER TABLE fhir_index DROP CONSTRAINT fhir_index_tenant_id_fkey;

CREATE FUNCTION tenants_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'tenants are never deleted and keep their id';
END $$;

CREATE TRIGGER tenants_are_kept BEFORE DELETE OR UPDATE OF id ON tenants
  FOR EACH ROW EXECUTE FUNCTION tenants_are_kept();
