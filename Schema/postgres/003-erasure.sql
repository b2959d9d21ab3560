-- TransferLedger PostgreSQL schema, version 3: erasure (Schema/FORMAT.md §4.6), as SQLite's version 4.
-- An `erasure` entry names the private documents it erased; `erasure_item` indexes those items, and
-- a private document (and the intake's copy of its transfer) may be deleted only once an item naming
-- it exists. The writer role gets DELETE on `transfer_private`, `intake` and `intake_outcome` alone,
-- which the triggers limit to erased entries; every other DELETE stays refused.

SELECT pg_catalog.set_config('search_path',
    pg_catalog.quote_ident(pg_catalog.current_schema()) || ', pg_catalog, pg_temp', false);

-- One row per item of an erasure entry: the erased entry `seq`, what of it was erased (`kind`,
-- `private` in format version 1) and the digest the entry commits to, in hex.
CREATE TABLE erasure_item (
    erasure bigint NOT NULL REFERENCES entry (seq),
    seq     bigint NOT NULL REFERENCES entry (seq) CHECK (seq < erasure),
    kind    text   NOT NULL,
    digest  text   NOT NULL CHECK (length(digest) = 64),
    PRIMARY KEY (seq, kind)
);

CREATE INDEX erasure_item_by_erasure ON erasure_item (erasure);

CREATE TRIGGER erasure_item_no_update BEFORE UPDATE ON erasure_item
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER erasure_item_no_delete BEFORE DELETE ON erasure_item
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER erasure_item_no_truncate BEFORE TRUNCATE ON erasure_item
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- Refuses deleting a private document that no erasure item names (row trigger on transfer_private).
CREATE FUNCTION ledger_refuse_unerased_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM erasure_item WHERE seq = OLD.seq AND kind = 'private') THEN
        RAISE EXCEPTION 'ledger entries are immutable: a private document is deleted only by an erasure entry naming it';
    END IF;
    RETURN OLD;
END
$$;

DROP TRIGGER transfer_private_no_delete ON transfer_private;
CREATE TRIGGER transfer_private_no_delete BEFORE DELETE ON transfer_private
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_unerased_delete();

-- The intake (version 2) keeps each submitted transfer's JSON, private members included. An intake
-- row recorded as (or found a duplicate of) an erased entry goes with the erasure: the intake row is
-- deleted and its outcome with it (ON DELETE CASCADE); any other deletion is still refused. A refused
-- intake row names no entry and stays.
CREATE FUNCTION ledger_refuse_unerased_intake_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'intake' THEN
        IF NOT EXISTS (SELECT 1 FROM intake_outcome o JOIN erasure_item i ON i.seq = o.seq AND i.kind = 'private'
                       WHERE o.intake_id = OLD.id) THEN
            RAISE EXCEPTION 'intake rows are immutable: an intake row is deleted only with the erasure of its entry';
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM erasure_item i WHERE i.seq = OLD.seq AND i.kind = 'private') THEN
        RAISE EXCEPTION 'intake rows are immutable: an intake row is deleted only with the erasure of its entry';
    END IF;
    RETURN OLD;
END
$$;

ALTER TABLE intake_outcome DROP CONSTRAINT intake_outcome_intake_id_fkey,
    ADD CONSTRAINT intake_outcome_intake_id_fkey FOREIGN KEY (intake_id) REFERENCES intake (id) ON DELETE CASCADE;
DROP TRIGGER intake_no_delete ON intake;
CREATE TRIGGER intake_no_delete BEFORE DELETE ON intake
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_unerased_intake_delete();
DROP TRIGGER intake_outcome_no_delete ON intake_outcome;
CREATE TRIGGER intake_outcome_no_delete BEFORE DELETE ON intake_outcome
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_unerased_intake_delete();

-- ledger_grant_roles (version 2) extended to erasure: the writer may also insert erasure items and
-- delete private documents and intake rows (which the triggers above allow only for erased entries);
-- the auditor reads.
CREATE OR REPLACE FUNCTION ledger_grant_roles(writer name, auditor name) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    ledger_table text;
BEGIN
    FOREACH ledger_table IN ARRAY ARRAY['entry', 'transfer', 'transfer_private', 'transfer_rule',
        'registry_fact', 'node', 'checkpoint', 'correction', 'gov_access_request', 'reference_data',
        'intake', 'intake_outcome', 'erasure_item']
    LOOP
        EXECUTE format('GRANT SELECT, INSERT ON TABLE %I TO %I', ledger_table, writer);
        EXECUTE format('GRANT SELECT ON TABLE %I TO %I', ledger_table, auditor);
    END LOOP;
    EXECUTE format('GRANT DELETE ON TABLE transfer_private, intake, intake_outcome TO %I', writer);
    EXECUTE format('GRANT SELECT ON TABLE ledger_schema TO %I, %I', writer, auditor);
END
$$;

UPDATE ledger_schema SET version = 3;
