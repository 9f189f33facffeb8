-- Sessions end after a spell of inactivity as well as at their absolute lifetime: a console left
-- open on a clinic's shared computer must not stay signed in all day. The limit is set per session
-- at sign-in (staff and patients differ) so changing the configuration never cuts live sessions short.
ALTER TABLE sessions
  ADD COLUMN idle_minutes integer NOT NULL DEFAULT 60 CHECK (idle_minutes BETWEEN 10 AND 1440);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
