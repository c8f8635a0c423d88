-- 0003_queue: posting schedules (Buffer's queue). Each account has weekly time slots
-- (weekday 0 = Sunday .. 6, minute of the day 0 .. 1439) read in the account's zone: an
-- IANA name, or '' for the default zone setting.
ALTER TABLE social_accounts ADD COLUMN zone TEXT NOT NULL DEFAULT '';

CREATE TABLE queue_slots (
    account_id INTEGER NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    minute     INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439),
    PRIMARY KEY (account_id, weekday, minute)
) STRICT;

