-- TransferLedger PostgreSQL schema, version 1: the same tables, columns, constraints and indexes as
-- the SQLite schema at version 3 (Schema/migrations/001–003), with PostgreSQL types: bigint for
-- sequence numbers, times and bit sets, bytea for hashes, text for canonical bytes (never json or
-- jsonb, which normalise and would change what was hashed).
-- Applied in one transaction by the owner role (the library's migration runner, or
-- `psql -v ON_ERROR_STOP=1 -1 -f`); the row in ledger_schema marks the database as a ledger, as the
-- SQLite file's application_id and user_version do. Schema/FORMAT.md §6.1 describes the layout.

-- The tables go into the current schema (the first on the search path, `public` by default). The
-- functions below pin their search_path to that schema, pg_catalog, then pg_temp explicitly last:
-- otherwise a role that may create temporary tables could shadow `entry` with its own and make the
-- append check read that instead. Only the owner may create objects in the ledger's schema.
SELECT pg_catalog.set_config('search_path',
    pg_catalog.quote_ident(pg_catalog.current_schema()) || ', pg_catalog, pg_temp', false);

-- What this database is: one row, application id "TLGR" (0x544C4752, the SQLite file's
-- application_id) and the schema version, which each migration sets to its own number.
CREATE TABLE ledger_schema (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    application_id integer NOT NULL CHECK (application_id = 1414285138),
    version        integer NOT NULL CHECK (version >= 1)
);

INSERT INTO ledger_schema (application_id, version) VALUES (1414285138, 1);

-- Every ledger entry, of every kind, in chain order. The hash is recomputable from the other columns
-- as Schema/FORMAT.md specifies; the entry at seq n links to the hash of the entry at seq n - 1.
CREATE TABLE entry (
    seq         bigint PRIMARY KEY CHECK (seq >= 0),
    kind        text   NOT NULL,
    recorded_at text   NOT NULL,
    prev_hash   bytea  NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash        bytea  NOT NULL CHECK (octet_length(hash) = 32),
    payload     text   NOT NULL
);

-- Refuses every UPDATE and DELETE (row triggers) and TRUNCATE (statement triggers, since TRUNCATE
-- fires no row trigger) on the chained tables; the message is the trigger's first argument. Only the
-- owner can disable these triggers, which is how tamper tests edit rows.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END
$$;

-- Appends only, contiguous and linked: the database itself refuses a gap, a fork or a wrong link, so
-- a faulty writer cannot break the chain even if it bypasses the library. The check reads the last
-- entry this transaction can see; two transactions that both see the same tip and insert the same
-- seq are stopped by the primary key (the second waits for the first and fails with 23505 if it
-- commits), so no interleaving forks the chain. Appenders serialise on an advisory lock first
-- (FORMAT.md §6.1) so that they do not run into that.
CREATE FUNCTION entry_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    last_seq  bigint;
    last_hash bytea;
BEGIN
    SELECT seq, hash INTO last_seq, last_hash FROM entry ORDER BY seq DESC LIMIT 1;
    IF NOT FOUND THEN
        last_seq := -1;
        last_hash := decode(repeat('00', 32), 'hex');
    END IF;
    IF NEW.seq IS DISTINCT FROM last_seq + 1 OR NEW.prev_hash IS DISTINCT FROM last_hash THEN
        RAISE EXCEPTION 'ledger entries are appended in sequence and linked to the previous hash'
            USING DETAIL = format('entry %s offered after entry %s', NEW.seq, last_seq);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER entry_append_only BEFORE INSERT ON entry
    FOR EACH ROW EXECUTE FUNCTION entry_append_only();
CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- One row per transfer entry: the payload's searchable fields, derived from it at append time and
-- re-derived and compared by `ledger verify`. Times are microseconds since the Unix epoch; the
-- category columns are bit sets in the order of the enumerations in Schema/transfer.schema.json.
CREATE TABLE transfer (
    seq                bigint PRIMARY KEY REFERENCES entry (seq),
    idempotency_key    text   NOT NULL UNIQUE,
    occurred_at        bigint NOT NULL,
    exporter           text   NOT NULL,
    exporter_role      text   NOT NULL,
    importer           text   NOT NULL,
    importer_role      text   NOT NULL,
    destination        text   NOT NULL,
    region             text   NOT NULL,
    mechanism          text   NOT NULL,
    data_categories    bigint NOT NULL,
    special_categories bigint NOT NULL,
    status             text   NOT NULL
);

CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER transfer_no_truncate BEFORE TRUNCATE ON transfer
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- One index per query filter, each ending in occurred_at so that a filter plus a period is one range.
CREATE INDEX transfer_by_time        ON transfer (occurred_at);
CREATE INDEX transfer_by_destination ON transfer (destination, occurred_at);
CREATE INDEX transfer_by_exporter    ON transfer (exporter, occurred_at);
CREATE INDEX transfer_by_importer    ON transfer (importer, occurred_at);
CREATE INDEX transfer_by_mechanism   ON transfer (mechanism, occurred_at);
CREATE INDEX transfer_by_region      ON transfer (region, occurred_at);
CREATE INDEX transfer_by_status      ON transfer (status, occurred_at);

-- The private document of each transfer entry: the service's identifiers and free text
-- (idempotencyKey, loggedBy, notes) with a random salt, as canonical JSON. The entry's payload holds
-- its SHA-256, so the chain commits to it while an entry's canonical bytes reveal none of it.
CREATE TABLE transfer_private (
    seq      bigint PRIMARY KEY REFERENCES entry (seq),
    document text   NOT NULL
);

CREATE TRIGGER transfer_private_no_update BEFORE UPDATE ON transfer_private
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER transfer_private_no_delete BEFORE DELETE ON transfer_private
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER transfer_private_no_truncate BEFORE TRUNCATE ON transfer_private
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- The rules with findings for each transfer, from the verdict in its payload: `query --rule`.
CREATE TABLE transfer_rule (
    rule text   NOT NULL,
    seq  bigint NOT NULL REFERENCES transfer (seq),
    PRIMARY KEY (seq, rule)
);

CREATE INDEX transfer_rule_by_rule ON transfer_rule (rule, seq);

CREATE TRIGGER transfer_rule_no_update BEFORE UPDATE ON transfer_rule
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER transfer_rule_no_delete BEFORE DELETE ON transfer_rule
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER transfer_rule_no_truncate BEFORE TRUNCATE ON transfer_rule
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- One row per registry entry (entities, BCRs, agreements, TIAs, …), so the ledger loads the registry
-- the policy engine judges by without scanning every entry.
CREATE TABLE registry_fact (
    seq bigint PRIMARY KEY REFERENCES entry (seq)
);

CREATE TRIGGER registry_fact_no_update BEFORE UPDATE ON registry_fact
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER registry_fact_no_delete BEFORE DELETE ON registry_fact
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER registry_fact_no_truncate BEFORE TRUNCATE ON registry_fact
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- The RFC 9162 Merkle tree over the entry hashes: only complete subtree nodes, each written in the
-- transaction of the entry that completes it; level 0 is the entry table's hash column.
CREATE TABLE node (
    level bigint NOT NULL CHECK (level BETWEEN 1 AND 63),
    idx   bigint NOT NULL CHECK (idx >= 0),
    hash  bytea  NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);

CREATE TRIGGER node_no_update BEFORE UPDATE ON node
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('Merkle nodes are immutable');
CREATE TRIGGER node_no_delete BEFORE DELETE ON node
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('Merkle nodes are immutable');
CREATE TRIGGER node_no_truncate BEFORE TRUNCATE ON node
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('Merkle nodes are immutable');

-- One row per checkpoint entry, so proofs find the signed checkpoint of a size without a scan. A
-- checkpoint entry at seq n signs the tree of the n entries before it, so its size is its seq.
CREATE TABLE checkpoint (
    seq bigint PRIMARY KEY REFERENCES entry (seq)
);

CREATE TRIGGER checkpoint_no_update BEFORE UPDATE ON checkpoint
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- One row per correction entry. `supersedes` is the transfer or correction entry it replaces; UNIQUE,
-- so an entry is superseded at most once and the versions of a transfer form a single line.
CREATE TABLE correction (
    seq        bigint PRIMARY KEY REFERENCES entry (seq),
    supersedes bigint NOT NULL UNIQUE REFERENCES entry (seq) CHECK (supersedes < seq),
    status     text   NOT NULL
);

CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER correction_no_truncate BEFORE TRUNCATE ON correction
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- One row per government access request entry; a later entry with the same request_id is a newer
-- state of the same request (its outcome once known), so request_id is indexed, not unique.
CREATE TABLE gov_access_request (
    seq         bigint PRIMARY KEY REFERENCES entry (seq),
    request_id  text   NOT NULL,
    received_at bigint NOT NULL,
    country     text   NOT NULL,
    status      text   NOT NULL
);

CREATE INDEX gov_access_request_by_id ON gov_access_request (request_id, seq);

CREATE TRIGGER gov_access_request_no_update BEFORE UPDATE ON gov_access_request
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER gov_access_request_no_delete BEFORE DELETE ON gov_access_request
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER gov_access_request_no_truncate BEFORE TRUNCATE ON gov_access_request
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- One row per adopted region table: its version (hex SHA-256 of the table's canonical JSON) and the
-- first day it judges appends. A version is adopted at most once.
CREATE TABLE reference_data (
    seq            bigint PRIMARY KEY REFERENCES entry (seq),
    version        text   NOT NULL UNIQUE,
    effective_from text   NOT NULL
);

CREATE TRIGGER reference_data_no_update BEFORE UPDATE ON reference_data
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER reference_data_no_delete BEFORE DELETE ON reference_data
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');
CREATE TRIGGER reference_data_no_truncate BEFORE TRUNCATE ON reference_data
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('ledger entries are immutable');

-- Grants the ledger's privileges to a writer role (SELECT and INSERT on every ledger table, nothing
-- else: no UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, and no DDL since it owns nothing) and to an
-- auditor role (SELECT only). Role names are parameters so a cluster can hold several ledgers with
-- roles of their own; format('%I') quotes them as identifiers, which GRANT needs and a bind cannot
-- supply. Run by the owner: `SELECT ledger_grant_roles('ledger_writer', 'ledger_auditor')`.
CREATE FUNCTION ledger_grant_roles(writer name, auditor name) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    ledger_table text;
BEGIN
    FOREACH ledger_table IN ARRAY ARRAY['entry', 'transfer', 'transfer_private', 'transfer_rule',
        'registry_fact', 'node', 'checkpoint', 'correction', 'gov_access_request', 'reference_data']
    LOOP
        EXECUTE format('GRANT SELECT, INSERT ON TABLE %I TO %I', ledger_table, writer);
        EXECUTE format('GRANT SELECT ON TABLE %I TO %I', ledger_table, auditor);
    END LOOP;
    EXECUTE format('GRANT SELECT ON TABLE ledger_schema TO %I, %I', writer, auditor);
END
$$;

REVOKE ALL ON FUNCTION ledger_grant_roles(name, name) FROM PUBLIC;
