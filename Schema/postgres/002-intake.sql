-- TransferLedger PostgreSQL schema, version 2: the intake, where concurrent single appends wait to be
-- sequenced into the chain together (Schema/FORMAT.md §6.2).
--
-- A writer with a few transfers commits them to `intake` in a transaction of its own, which holds no
-- lock, so many writers' commits share WAL flushes; then, holding the tip lock, one writer appends
-- every pending intake row to the chain in one transaction and records each one's outcome. A writer
-- returns its receipt once the outcome of its own row is committed. The intake is not part of the
-- chain: nothing in it is hashed, and a verifier ignores it. Both tables are append-only, like the
-- chain's, so the writer role needs no UPDATE or DELETE.

SELECT pg_catalog.set_config('search_path',
    pg_catalog.quote_ident(pg_catalog.current_schema()) || ', pg_catalog, pg_temp', false);

-- One row per submitted transfer: its JSON as the service gave it (the transfer schema's fields).
CREATE TABLE intake (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transfer     text        NOT NULL,
    submitted_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- What became of each intake row: the entry it was recorded as (or, `duplicate`, the entry that
-- already held its idempotency key), or the rule that refused it.
CREATE TABLE intake_outcome (
    intake_id bigint  PRIMARY KEY REFERENCES intake (id),
    seq       bigint  REFERENCES entry (seq),
    duplicate boolean NOT NULL,
    field     text,
    rule      text,
    message   text,
    CHECK ((seq IS NULL) = (rule IS NOT NULL))
);

CREATE TRIGGER intake_no_update BEFORE UPDATE ON intake
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('intake rows are immutable');
CREATE TRIGGER intake_no_delete BEFORE DELETE ON intake
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('intake rows are immutable');
CREATE TRIGGER intake_outcome_no_update BEFORE UPDATE ON intake_outcome
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('intake rows are immutable');
CREATE TRIGGER intake_outcome_no_delete BEFORE DELETE ON intake_outcome
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('intake rows are immutable');
CREATE TRIGGER intake_no_truncate BEFORE TRUNCATE ON intake
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('intake rows are immutable');
CREATE TRIGGER intake_outcome_no_truncate BEFORE TRUNCATE ON intake_outcome
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('intake rows are immutable');

-- ledger_grant_roles (version 1) extended to the intake: the writer role may also submit to it and
-- record outcomes (the sequencer is any writer); the auditor may read it.
CREATE OR REPLACE FUNCTION ledger_grant_roles(writer name, auditor name) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    ledger_table text;
BEGIN
    FOREACH ledger_table IN ARRAY ARRAY['entry', 'transfer', 'transfer_private', 'transfer_rule',
        'registry_fact', 'node', 'checkpoint', 'correction', 'gov_access_request', 'reference_data',
        'intake', 'intake_outcome']
    LOOP
        EXECUTE format('GRANT SELECT, INSERT ON TABLE %I TO %I', ledger_table, writer);
        EXECUTE format('GRANT SELECT ON TABLE %I TO %I', ledger_table, auditor);
    END LOOP;
    EXECUTE format('GRANT SELECT ON TABLE ledger_schema TO %I, %I', writer, auditor);
END
$$;

UPDATE ledger_schema SET version = 2;
