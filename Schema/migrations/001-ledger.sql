-- TransferLedger schema, version 1: the chained entries, the transfer projection for queries, and
-- the index of registry entries.
-- Applied in one transaction by the library, which then sets PRAGMA user_version = 1. The file's
-- PRAGMA application_id (0x544C4752, "TLGR") marks it as a ledger.

-- Every ledger entry, of every kind, in chain order. The hash is recomputable from the other columns
-- as Schema/FORMAT.md specifies; the entry at seq n links to the hash of the entry at seq n - 1.
CREATE TABLE entry (
    seq         INTEGER PRIMARY KEY CHECK (seq >= 0),
    kind        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    prev_hash   BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash        BLOB    NOT NULL CHECK (length(hash) = 32),
    payload     TEXT    NOT NULL
) STRICT;

-- Appends only, contiguous and linked: the database itself refuses a gap, a fork or a wrong link, so
-- a faulty writer cannot break the chain even if it bypasses the library.
CREATE TRIGGER entry_append_only BEFORE INSERT ON entry
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq) + 1, 0) FROM entry)
  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM entry WHERE seq = NEW.seq - 1), zeroblob(32))
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are appended in sequence and linked to the previous hash');
END;

CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

-- One row per transfer entry: the payload's searchable fields, derived from it at append time and
-- re-derived and compared by `ledger verify`. Times are microseconds since the Unix epoch; the
-- category columns are bit sets in the order of the enumerations in Schema/transfer.schema.json.
CREATE TABLE transfer (
    seq                INTEGER PRIMARY KEY REFERENCES entry (seq),
    idempotency_key    TEXT    NOT NULL UNIQUE,
    occurred_at        INTEGER NOT NULL,
    exporter           TEXT    NOT NULL,
    exporter_role      TEXT    NOT NULL,
    importer           TEXT    NOT NULL,
    importer_role      TEXT    NOT NULL,
    destination        TEXT    NOT NULL,
    region             TEXT    NOT NULL,
    mechanism          TEXT    NOT NULL,
    data_categories    INTEGER NOT NULL,
    special_categories INTEGER NOT NULL,
    status             TEXT    NOT NULL
) STRICT;

-- The private document of each transfer entry: the service's identifiers and free text
-- (idempotencyKey, loggedBy, notes) with a random salt, as canonical JSON. The entry's payload holds
-- its SHA-256, so the chain commits to it while an entry's canonical bytes reveal none of it.
CREATE TABLE transfer_private (
    seq      INTEGER PRIMARY KEY REFERENCES entry (seq),
    document TEXT    NOT NULL
) STRICT;

CREATE TRIGGER transfer_private_no_update BEFORE UPDATE ON transfer_private
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER transfer_private_no_delete BEFORE DELETE ON transfer_private
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

-- One index per query filter, each ending in occurred_at so that a filter plus a period is one range.
CREATE INDEX transfer_by_time        ON transfer (occurred_at);
CREATE INDEX transfer_by_destination ON transfer (destination, occurred_at);
CREATE INDEX transfer_by_exporter    ON transfer (exporter, occurred_at);
CREATE INDEX transfer_by_importer    ON transfer (importer, occurred_at);
CREATE INDEX transfer_by_mechanism   ON transfer (mechanism, occurred_at);
CREATE INDEX transfer_by_region      ON transfer (region, occurred_at);
CREATE INDEX transfer_by_status      ON transfer (status, occurred_at);

-- The rules with findings for each transfer, from the verdict in its payload: `query --rule`.
CREATE TABLE transfer_rule (
    rule TEXT    NOT NULL,
    seq  INTEGER NOT NULL REFERENCES transfer (seq),
    PRIMARY KEY (seq, rule)
) STRICT, WITHOUT ROWID;

CREATE INDEX transfer_rule_by_rule ON transfer_rule (rule, seq);

CREATE TRIGGER transfer_rule_no_update BEFORE UPDATE ON transfer_rule
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER transfer_rule_no_delete BEFORE DELETE ON transfer_rule
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

-- One row per registry entry (entities, BCRs, agreements, TIAs, …), so the ledger loads the registry
-- the policy engine judges by without scanning every entry.
CREATE TABLE registry_fact (
    seq INTEGER PRIMARY KEY REFERENCES entry (seq)
) STRICT;

CREATE TRIGGER registry_fact_no_update BEFORE UPDATE ON registry_fact
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER registry_fact_no_delete BEFORE DELETE ON registry_fact
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
