-- TransferLedger schema, version 4: erasure (Schema/FORMAT.md §4.6). An `erasure` entry names the
-- private documents it erased, each by entry and digest; `erasure_item` indexes those items, and a
-- private document may be deleted only once an item naming it exists. Every other DELETE stays
-- refused, and the entry that erased is in the chain before the row disappears (both happen in the
-- same transaction).

-- One row per item of an erasure entry: the erased entry `seq`, what of it was erased (`kind`,
-- `private` in format version 1) and the digest the entry commits to, in hex.
CREATE TABLE erasure_item (
    erasure INTEGER NOT NULL REFERENCES entry (seq),
    seq     INTEGER NOT NULL REFERENCES entry (seq) CHECK (seq < erasure),
    kind    TEXT    NOT NULL,
    digest  TEXT    NOT NULL CHECK (length(digest) = 64),
    PRIMARY KEY (seq, kind)
) STRICT;

CREATE INDEX erasure_item_by_erasure ON erasure_item (erasure);

CREATE TRIGGER erasure_item_no_update BEFORE UPDATE ON erasure_item
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER erasure_item_no_delete BEFORE DELETE ON erasure_item
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

-- A private document is deleted only when an erasure entry names it; nothing else is ever deleted.
DROP TRIGGER transfer_private_no_delete;

CREATE TRIGGER transfer_private_no_delete BEFORE DELETE ON transfer_private
WHEN NOT EXISTS (SELECT 1 FROM erasure_item WHERE seq = OLD.seq AND kind = 'private')
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable: a private document is deleted only by an erasure entry naming it');
END;
