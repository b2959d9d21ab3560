-- TransferLedger PostgreSQL schema, version 4: the intake is pruned (Schema/FORMAT.md §6.2).
--
-- An intake row holds a copy of a transfer as its service sent it, identifiers and notes included,
-- and is only needed until its submitter has read its outcome; a waiting submitter polls at least
-- every 250 ms. Rows submitted more than ten minutes ago, with their outcomes, may therefore be
-- deleted too, besides those whose entry was erased (version 3); any other deletion is still
-- refused. Sequencers call ledger_prune_intake() as they go, so the intake holds about ten minutes
-- of contended appends instead of every one ever made.

SELECT pg_catalog.set_config('search_path',
    pg_catalog.quote_ident(pg_catalog.current_schema()) || ', pg_catalog, pg_temp', false);

-- Version 3's rule, and age: an intake row, or an outcome, may be deleted when its entry was erased
-- or the row was submitted more than ten minutes ago. An outcome whose row is already gone is being
-- deleted with it (ON DELETE CASCADE, after the row's own deletion was allowed).
CREATE OR REPLACE FUNCTION ledger_refuse_unerased_intake_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    submitted timestamptz;
    erased    boolean;
BEGIN
    IF TG_TABLE_NAME = 'intake' THEN
        submitted := OLD.submitted_at;
        erased := EXISTS (SELECT 1 FROM intake_outcome o JOIN erasure_item i ON i.seq = o.seq AND i.kind = 'private'
                          WHERE o.intake_id = OLD.id);
    ELSE
        SELECT submitted_at INTO submitted FROM intake WHERE id = OLD.intake_id;
        IF NOT FOUND THEN
            RETURN OLD;
        END IF;
        erased := EXISTS (SELECT 1 FROM erasure_item i WHERE i.seq = OLD.seq AND i.kind = 'private');
    END IF;
    IF NOT erased AND submitted >= pg_catalog.now() - interval '10 minutes' THEN
        RAISE EXCEPTION 'intake rows are immutable: an intake row is deleted only ten minutes after it was submitted, or with the erasure of its entry';
    END IF;
    RETURN OLD;
END
$$;

-- Deletes the intake rows submitted more than ten minutes ago among the 10,000 oldest, with their
-- outcomes, and returns how many. The oldest by id are nearly the oldest by time (a row out of order
-- goes at a later call), and looking only at them bounds the work of a call that finds nothing to
-- delete. Runs with the owner's rights, so a writer role granted before version 3 needs no DELETE
-- privilege; the trigger above still refuses any younger row, so calling it can lose nothing that a
-- submitter waits for.
CREATE FUNCTION ledger_prune_intake() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    doomed bigint[];
BEGIN
    SELECT coalesce(array_agg(oldest.id), '{}') INTO doomed
    FROM (SELECT id, submitted_at FROM intake ORDER BY id LIMIT 10000) AS oldest
    WHERE oldest.submitted_at < pg_catalog.now() - interval '10 minutes';
    DELETE FROM intake WHERE id = ANY (doomed);
    RETURN cardinality(doomed);
END
$$;

UPDATE ledger_schema SET version = 4;
