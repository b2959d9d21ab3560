-- TransferLedger schema, version 7: the entry format version (Schema/FORMAT.md §1.1, §1.3).
--
-- Format 2 hashes a small stub header and the payload's digest instead of the payload itself, so a
-- report can disclose an entry by its header alone and still prove it. The stored row is the same in
-- both formats; this column says which one the entry's hash was computed in. Every entry written
-- before this migration is format 1 (the default fills them); every entry written after it names its
-- format explicitly, 2. `entry_no_update` already refuses an UPDATE of any column, this one included.
ALTER TABLE entry ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
