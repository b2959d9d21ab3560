-- TransferLedger schema, version 3: indexes of the entry kinds `correction` (R23),
-- `govAccessRequest` (R24) and `referenceData` (adopted region tables). Each row is derived from its
-- entry's payload at append time and re-derived and compared by `ledger verify`; the chain stays the
-- only source of truth. A correction's private document (the corrected transfer's idempotencyKey,
-- loggedBy and notes) lives in `transfer_private` like a transfer's.

-- One row per correction entry. `supersedes` is the transfer or correction entry it replaces; UNIQUE,
-- so an entry is superseded at most once and the versions of a transfer form a single line.
CREATE TABLE correction (
    seq        INTEGER PRIMARY KEY REFERENCES entry (seq),
    supersedes INTEGER NOT NULL UNIQUE REFERENCES entry (seq) CHECK (supersedes < seq),
    status     TEXT    NOT NULL
) STRICT;

CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

-- One row per government access request entry; a later entry with the same request_id is a newer
-- state of the same request (its outcome once known), so request_id is indexed, not unique.
CREATE TABLE gov_access_request (
    seq         INTEGER PRIMARY KEY REFERENCES entry (seq),
    request_id  TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    country     TEXT    NOT NULL,
    status      TEXT    NOT NULL
) STRICT;

CREATE INDEX gov_access_request_by_id ON gov_access_request (request_id, seq);

CREATE TRIGGER gov_access_request_no_update BEFORE UPDATE ON gov_access_request
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER gov_access_request_no_delete BEFORE DELETE ON gov_access_request
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

-- One row per adopted region table: its version (hex SHA-256 of the table's canonical JSON) and the
-- first day it judges appends. A version is adopted at most once.
CREATE TABLE reference_data (
    seq            INTEGER PRIMARY KEY REFERENCES entry (seq),
    version        TEXT    NOT NULL UNIQUE,
    effective_from TEXT    NOT NULL
) STRICT;

CREATE TRIGGER reference_data_no_update BEFORE UPDATE ON reference_data
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER reference_data_no_delete BEFORE DELETE ON reference_data
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
