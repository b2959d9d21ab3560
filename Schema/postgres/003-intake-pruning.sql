-- TransferLedger PostgreSQL schema, version 3: the intake is pruned (Schema/FORMAT.md §6.2).
--
-- An intake row holds a copy of a transfer as its service sent it, identifiers and notes included,
-- and is only needed until its submitter has read its outcome; a waiting submitter polls at least
-- every 250 ms. Rows submitted more than ten minutes ago, and their outcomes, may therefore be
-- deleted, and only those: the append-only triggers of version 2 are replaced by ones that refuse
-- every younger row. Sequencers call ledger_prune_intake() as they go, so the intake holds about ten
-- minutes of contended appends instead of every one ever made.

SELECT pg_catalog.set_config('search_path',
    pg_catalog.quote_ident(pg_catalog.current_schema()) || ', pg_catalog, pg_temp', false);

-- Refuses to delete an intake row, or an intake outcome, whose row was submitted less than ten
-- minutes ago. (An outcome goes before its row: the foreign key holds the row until then.)
CREATE FUNCTION intake_prune_only() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    submitted timestamptz;
BEGIN
    IF TG_TABLE_NAME = 'intake' THEN
        submitted := OLD.submitted_at;
    ELSE
        SELECT submitted_at INTO submitted FROM intake WHERE id = OLD.intake_id;
    END IF;
    IF submitted IS NULL OR submitted >= pg_catalog.now() - interval '10 minutes' THEN
        RAISE EXCEPTION 'intake rows are deleted only ten minutes after they were submitted';
    END IF;
    RETURN OLD;
END
$$;

CREATE OR REPLACE TRIGGER intake_no_delete BEFORE DELETE ON intake
    FOR EACH ROW EXECUTE FUNCTION intake_prune_only();
CREATE OR REPLACE TRIGGER intake_outcome_no_delete BEFORE DELETE ON intake_outcome
    FOR EACH ROW EXECUTE FUNCTION intake_prune_only();

-- Deletes the intake rows submitted more than ten minutes ago among the 10,000 oldest, with their
-- outcomes, and returns how many. The oldest by id are nearly the oldest by time (a row out of order
-- goes at a later call), and looking only at them bounds the work of a call that finds nothing to
-- delete. Runs with the owner's rights, so a writer role needs no DELETE privilege; the triggers
-- above still refuse any younger row, so calling it can lose nothing that a submitter waits for.
CREATE FUNCTION ledger_prune_intake() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    doomed bigint[];
BEGIN
    SELECT coalesce(array_agg(oldest.id), '{}') INTO doomed
    FROM (SELECT id, submitted_at FROM intake ORDER BY id LIMIT 10000) AS oldest
    WHERE oldest.submitted_at < pg_catalog.now() - interval '10 minutes';
    DELETE FROM intake_outcome WHERE intake_id = ANY (doomed);
    DELETE FROM intake WHERE id = ANY (doomed);
    RETURN cardinality(doomed);
END
$$;

UPDATE ledger_schema SET version = 3;
