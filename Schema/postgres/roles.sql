-- TransferLedger PostgreSQL roles: the layout a DBA creates once per cluster, with the default names.
-- Not a migration (roles belong to the cluster, not to one database); run by a role with CREATEROLE:
--
--     psql -v ON_ERROR_STOP=1 -f Schema/postgres/roles.sql
--     createdb -O ledger_owner ledger
--     # as ledger_owner: apply Schema/postgres/0*.sql in order (or `ledger init`), then
--     #   SELECT ledger_grant_roles('ledger_writer', 'ledger_auditor');
--
-- Services log in as members of ledger_writer, auditors and verifiers (also on a hot standby) as
-- members of ledger_auditor: CREATE ROLE svc_payroll LOGIN IN ROLE ledger_writer; and give each a
-- password or a certificate in pg_hba.conf. Other names work the same: ledger_grant_roles takes them.

-- Owns the tables, applies migrations, and alone can disable the append-only triggers.
CREATE ROLE ledger_owner NOLOGIN;

-- May read every ledger table and insert into it; nothing else (see ledger_grant_roles).
CREATE ROLE ledger_writer NOLOGIN;

-- May only read. Role settings do not pass to members, so give each auditor login role
-- `ALTER ROLE … SET default_transaction_read_only = on` as well: a mistaken write then fails with
-- 25006 before it reaches the privilege check (42501).
CREATE ROLE ledger_auditor NOLOGIN;
