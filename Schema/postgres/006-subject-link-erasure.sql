-- TransferLedger PostgreSQL schema, version 6: erasing one data subject's links (Schema/FORMAT.md
-- §4.6, §4.7), as SQLite's version 6.
--
-- An erasure item may now name a subject link: kind `subjectLink`, its digest the link's commitment.
-- A transfer may have several links, erased apart, so an item is keyed by (seq, kind, digest). A link
-- row may be deleted only once an item names exactly its commitment, which the database recomputes;
-- TRUNCATE is refused. The writer role gets DELETE on `subject_link`, which the trigger limits so.

SELECT pg_catalog.set_config('search_path',
    pg_catalog.quote_ident(pg_catalog.current_schema()) || ', pg_catalog, pg_temp', false);

ALTER TABLE erasure_item DROP CONSTRAINT erasure_item_pkey, ADD PRIMARY KEY (seq, kind, digest);

-- A link's commitment in hex: SHA-256("transferledger/subject-link/v1" || 0x00 || salt || token).
CREATE FUNCTION ledger_link_commitment(salt bytea, token bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path FROM CURRENT AS $$
    SELECT encode(sha256('transferledger/subject-link/v1'::bytea || '\x00'::bytea || salt || token), 'hex')
$$;

-- Refuses deleting a subject link that no erasure item names by its commitment (row trigger on subject_link).
CREATE FUNCTION ledger_refuse_unerased_link_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM erasure_item WHERE seq = OLD.seq AND kind = 'subjectLink'
                   AND digest = ledger_link_commitment(OLD.salt, OLD.token)) THEN
        RAISE EXCEPTION 'subject links are deleted only by an erasure entry naming them';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER subject_link_no_delete BEFORE DELETE ON subject_link
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_unerased_link_delete();
CREATE TRIGGER subject_link_no_truncate BEFORE TRUNCATE ON subject_link
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('subject links are deleted only by an erasure entry naming them');

-- ledger_grant_roles (version 5) extended to link erasure: the writer may also delete subject links
-- (which the trigger above allows only for erased ones).
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
    EXECUTE format('GRANT DELETE ON TABLE transfer_private, intake, intake_outcome, subject_link TO %I', writer);
    EXECUTE format('GRANT SELECT ON TABLE ledger_schema TO %I, %I', writer, auditor);
END
$$;

UPDATE ledger_schema SET version = 6;
