-- TransferLedger PostgreSQL schema, version 7: the entry format version (Schema/FORMAT.md §1.1,
-- §1.3; the same column as SQLite's migration 007).
--
-- Format 2 hashes a small stub header and the payload's digest instead of the payload itself, so a
-- report can disclose an entry by its header alone and still prove it. Every entry written before
-- this migration is format 1 (the default fills them); every entry written after it names its format
-- explicitly, 2. `entry_no_update` (per row, any column) already refuses changing it, and the roles'
-- table grants (SELECT, INSERT) cover the new column, so `ledger_grant_roles` is unchanged.

SELECT pg_catalog.set_config('search_path',
    pg_catalog.quote_ident(pg_catalog.current_schema()) || ', pg_catalog, pg_temp', false);

ALTER TABLE entry ADD COLUMN format smallint NOT NULL DEFAULT 1 CHECK (format IN (1, 2));

UPDATE ledger_schema SET version = 7;
