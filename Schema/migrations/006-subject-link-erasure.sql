-- TransferLedger schema, version 6: erasing one data subject's links (Schema/FORMAT.md §4.6, §4.7).
--
-- An erasure item may now name a subject link: kind `subjectLink`, its digest the link's commitment.
-- A transfer may have several links, erased apart (two subjects, two requests), so an item is keyed
-- by (seq, kind, digest) instead of (seq, kind). SQLite cannot change a primary key: the table is
-- rebuilt with its rows, its index and its triggers, and so is the trigger on `transfer_private`
-- that names it (a rename would fail while a trigger refers to the dropped table).

DROP TRIGGER transfer_private_no_delete;

CREATE TABLE erasure_item_v6 (
    erasure INTEGER NOT NULL REFERENCES entry (seq),
    seq     INTEGER NOT NULL REFERENCES entry (seq) CHECK (seq < erasure),
    kind    TEXT    NOT NULL,
    digest  TEXT    NOT NULL CHECK (length(digest) = 64),
    PRIMARY KEY (seq, kind, digest)
) STRICT;

INSERT INTO erasure_item_v6 (erasure, seq, kind, digest) SELECT erasure, seq, kind, digest FROM erasure_item;
DROP TABLE erasure_item;
ALTER TABLE erasure_item_v6 RENAME TO erasure_item;

CREATE INDEX erasure_item_by_erasure ON erasure_item (erasure);

CREATE TRIGGER erasure_item_no_update BEFORE UPDATE ON erasure_item
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER erasure_item_no_delete BEFORE DELETE ON erasure_item
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

-- As in version 4: a private document is deleted only when an erasure entry names it.
CREATE TRIGGER transfer_private_no_delete BEFORE DELETE ON transfer_private
WHEN NOT EXISTS (SELECT 1 FROM erasure_item WHERE seq = OLD.seq AND kind = 'private')
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable: a private document is deleted only by an erasure entry naming it');
END;

-- A subject link is deleted only by an erasure: an entry may never have fewer links stored than it
-- commits to, less the `subjectLink` items naming it. SQLite has no SHA-256 to recompute a commitment,
-- so this counts; which link an item names (its commitment) is what `ledger verify` checks.
CREATE TRIGGER subject_link_no_delete BEFORE DELETE ON subject_link
WHEN (SELECT count(*) FROM subject_link WHERE seq = OLD.seq)
     <= coalesce((SELECT json_array_length(payload, '$.subjectLinkCommitments') FROM entry WHERE seq = OLD.seq), 0)
        - (SELECT count(*) FROM erasure_item WHERE seq = OLD.seq AND kind = 'subjectLink')
BEGIN
    SELECT RAISE(ABORT, 'subject links are deleted only by an erasure entry naming them');
END;
