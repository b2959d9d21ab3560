-- TransferLedger PostgreSQL schema, version 5: pseudonymous subject links (Schema/FORMAT.md §4.7,
-- the same table as SQLite's migration 005).
--
-- The payload commits to each link by a salted digest; the token and its salt live here, outside the
-- chain, one row per link, so that one subject's link can be erased later while every entry hash
-- stays valid. Looked up by token (the primary key) and by entry (for `verify`).

SELECT pg_catalog.set_config('search_path',
    pg_catalog.quote_ident(pg_catalog.current_schema()) || ', pg_catalog, pg_temp', false);

CREATE TABLE subject_link (
    token bytea  NOT NULL CHECK (octet_length(token) = 32),
    seq   bigint NOT NULL REFERENCES entry (seq),
    salt  bytea  NOT NULL CHECK (octet_length(salt) = 16),
    PRIMARY KEY (token, seq)
);

CREATE INDEX subject_link_by_seq ON subject_link (seq);

-- A link is never changed, only (later, by an erasure) deleted.
CREATE TRIGGER subject_link_no_update BEFORE UPDATE ON subject_link
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('subject links are never changed, only erased');

-- ledger_grant_roles (version 3) extended to the subject links: the writer role may insert and read
-- them, the auditor read them.
CREATE OR REPLACE FUNCTION ledger_grant_roles(writer name, auditor name) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    ledger_table text;
BEGIN
    FOREACH ledger_table IN ARRAY ARRAY['entry', 'transfer', 'transfer_private', 'transfer_rule',
        'registry_fact', 'node', 'checkpoint', 'correction', 'gov_access_request', 'reference_data',
        'intake', 'intake_outcome', 'erasure_item', 'subject_link']
    LOOP
        EXECUTE format('GRANT SELECT, INSERT ON TABLE %I TO %I', ledger_table, writer);
        EXECUTE format('GRANT SELECT ON TABLE %I TO %I', ledger_table, auditor);
    END LOOP;
    EXECUTE format('GRANT DELETE ON TABLE transfer_private, intake, intake_outcome TO %I', writer);
    EXECUTE format('GRANT SELECT ON TABLE ledger_schema TO %I, %I', writer, auditor);
END
$$;

UPDATE ledger_schema SET version = 5;
