-- TransferLedger schema, version 2: the RFC 9162 Merkle tree over the entry hashes.
-- Only complete subtree nodes are stored, each written in the transaction of the entry that
-- completes it; level 0 is the entry table's hash column. A ledger of version 1 gains this table by
-- this migration, after which the library computes the nodes of its existing entries in the same
-- transaction (Schema/FORMAT.md §5).
CREATE TABLE node (
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 63),
    idx   INTEGER NOT NULL CHECK (idx >= 0),
    hash  BLOB    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER node_no_update BEFORE UPDATE ON node
BEGIN
    SELECT RAISE(ABORT, 'Merkle nodes are immutable');
END;

CREATE TRIGGER node_no_delete BEFORE DELETE ON node
BEGIN
    SELECT RAISE(ABORT, 'Merkle nodes are immutable');
END;

-- One row per checkpoint entry, so proofs find the signed checkpoint of a size without a scan. A
-- checkpoint entry at seq n signs the tree of the n entries before it, so its size is its seq.
CREATE TABLE checkpoint (
    seq INTEGER PRIMARY KEY REFERENCES entry (seq)
) STRICT;

CREATE TRIGGER checkpoint_no_update BEFORE UPDATE ON checkpoint
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;

CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
