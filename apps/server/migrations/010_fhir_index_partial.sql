-- The date and number indexes of the FHIR search index held every index row, though only date
-- rows (low/high) and number or quantity rows (nlow/nhigh) have anything to find in them: most
-- rows are strings, tokens and references, whose two columns there are null. Each resource write
-- paid two index entries per row for nothing (a booked Appointment: 30 of its 60).
-- Searches keep their plans: date conditions (written on coalesce(low), coalesce(high)) could only
-- ever use the leading (tenant, type, param) columns, which the text index has too; number
-- conditions are strict on nlow or nhigh, which implies the new predicate.
DROP INDEX fhir_index_date;
CREATE INDEX fhir_index_date ON fhir_index (tenant_id, resource_type, param, low, high)
  WHERE low IS NOT NULL OR high IS NOT NULL;
DROP INDEX fhir_index_number;
CREATE INDEX fhir_index_number ON fhir_index (tenant_id, resource_type, param, nlow, nhigh)
  WHERE nlow IS NOT NULL OR nhigh IS NOT NULL;
