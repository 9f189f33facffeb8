-- Removing an appointment row (a booking that lost its time drops its claim before it looks up the
-- next open times) makes PostgreSQL check that no row still refers to it. Without an index led by
-- the referring column, each check read the whole appointments table, and the whole waitlist:
-- 35 ms per removal at 80,000 appointments, growing with every visit ever booked.
CREATE INDEX appointments_rescheduled_from ON appointments (rescheduled_from)
  WHERE rescheduled_from IS NOT NULL;
CREATE INDEX waitlist_entries_appointment ON waitlist_entries (appointment_id)
  WHERE appointment_id IS NOT NULL;
