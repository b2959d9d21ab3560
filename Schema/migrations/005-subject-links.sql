-- TransferLedger schema, version 5: pseudonymous subject links (Schema/FORMAT.md §4.7).
--
-- A transfer may carry keyed tokens of the data subjects it concerns. The payload commits to each
-- link by a salted digest; the token and its salt live here, outside the chain, one row per link, so
-- that one subject's link can be erased later (an `erasure` entry names it) while every entry hash
-- stays valid. Looked up by token (the primary key) for subject access requests, and by entry for
-- `verify`, which checks each row against its commitment.
CREATE TABLE subject_link (
    token BLOB    NOT NULL CHECK (length(token) = 32),
    seq   INTEGER NOT NULL REFERENCES entry (seq),
    salt  BLOB    NOT NULL CHECK (length(salt) = 16),
    PRIMARY KEY (token, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX subject_link_by_seq ON subject_link (seq);

-- A link is never changed, only (later, by an erasure) deleted.
CREATE TRIGGER subject_link_no_update BEFORE UPDATE ON subject_link
BEGIN
    SELECT RAISE(ABORT, 'subject links are never changed, only erased');
END;
