import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// The database itself keeps the ledger append-only and linked, whoever connects and however: the
/// owner is stopped by the triggers, the writer by its privileges and the triggers, the auditor by
/// being read-only. Raw SQL, as an attacker with a login would send it.
@Suite struct PostgreSQLAppendOnlyTests {
    enum Attempt: String, CaseIterable {
        case update, delete, truncate
    }

    @Test(arguments: PostgreSQLLedgerDatabase.chainedTables.map(\.table), Attempt.allCases)
    func noRoleCanRewriteAChainedTable(table: String, attempt: Attempt) throws {
        let ledger = try PostgreSQLLedgerDatabase()
        defer { ledger.drop() }
        try PostgresConnection(uri: ledger.ownerURI).execute(PostgreSQLLedgerDatabase.oneOfEach)
        let column = PostgreSQLLedgerDatabase.chainedTables.first { $0.table == table }?.column ?? "seq"
        let sql = switch attempt {
        case .update: "UPDATE \(table) SET \(column) = \(column)"
        case .delete: "DELETE FROM \(table)"
        case .truncate: "TRUNCATE \(table) CASCADE"
        }
        // The writer may delete a private document (erasure), which the trigger allows only for an erased one.
        let writerMayTry = table == "transfer_private" && attempt == .delete
        for (role, uri, expected) in [("owner", ledger.ownerURI, PostgresError.Code.raiseException),
                                      ("writer", ledger.writerURI, writerMayTry ? .raiseException : .insufficientPrivilege),
                                      ("auditor", ledger.auditorURI, .insufficientPrivilege)] {
            let connection = try PostgresConnection(uri: uri)
            let error = #expect(throws: PostgresError.self, "\(role): \(sql)") { try connection.execute(sql) }
            #expect(error?.code == expected, "\(role): \(sql): \(String(describing: error))")
        }
        // Nothing changed.
        let admin = try ledger.database.admin()
        #expect(try admin.rows("SELECT count(*) FROM \(table)") == [["1"]] || table == "entry")
        #expect(try admin.rows("SELECT count(*) FROM entry") == [["7"]])
    }

    enum BadAppend: String, CaseIterable {
        case gap, fork, wrongLink, firstEntryNotZero, firstEntryLinkedToSomething
    }

    /// The writer may insert, but only the next entry, linked to the tip: the trigger refuses the rest
    /// (P0001) before any constraint is checked.
    @Test(arguments: BadAppend.allCases)
    func theWriterCannotBreakTheChain(_ bad: BadAppend) throws {
        let ledger = try PostgreSQLLedgerDatabase()
        defer { ledger.drop() }
        let writer = try PostgresConnection(uri: ledger.writerURI)
        typealias Fixture = PostgreSQLLedgerDatabase
        let existing = bad == .firstEntryNotZero || bad == .firstEntryLinkedToSomething ? 0 : 3
        for seq in 0..<existing { try writer.execute(Fixture.entry(seq)) }
        let sql = switch bad {
        case .gap: "INSERT INTO entry VALUES (4, 'transfer', 't', \(Fixture.hash(3)), \(Fixture.hash(5)), '{}')"
        case .fork: "INSERT INTO entry VALUES (2, 'transfer', 't', \(Fixture.hash(2)), \(Fixture.hash(7)), '{}')"
        case .wrongLink: "INSERT INTO entry VALUES (3, 'transfer', 't', \(Fixture.hash(2)), \(Fixture.hash(4)), '{}')"
        case .firstEntryNotZero: "INSERT INTO entry VALUES (1, 'transfer', 't', \(Fixture.zeroHash), \(Fixture.hash(2)), '{}')"
        case .firstEntryLinkedToSomething: "INSERT INTO entry VALUES (0, 'transfer', 't', \(Fixture.hash(1)), \(Fixture.hash(2)), '{}')"
        }
        let error = #expect(throws: PostgresError.self) { try writer.execute(sql) }
        #expect(error?.code == .raiseException)
        #expect(error?.message == "ledger entries are appended in sequence and linked to the previous hash")
        // The right next entry still goes in.
        try writer.execute(Fixture.entry(existing))
    }

    /// A temporary table named `entry` cannot stand in for the real one in the append check: the
    /// trigger's search_path puts pg_temp last.
    @Test func aTemporaryTableCannotFoolTheAppendCheck() throws {
        let ledger = try PostgreSQLLedgerDatabase()
        defer { ledger.drop() }
        let writer = try PostgresConnection(uri: ledger.writerURI)
        try writer.execute(PostgreSQLLedgerDatabase.entry(0))
        try writer.execute("CREATE TEMP TABLE entry (seq bigint, hash bytea); INSERT INTO pg_temp.entry VALUES (7, \(PostgreSQLLedgerDatabase.hash(8)))")
        let error = #expect(throws: PostgresError.self) {
            try writer.execute("INSERT INTO public.entry VALUES (8, 'transfer', 't', \(PostgreSQLLedgerDatabase.hash(8)), \(PostgreSQLLedgerDatabase.hash(9)), '{}')")
        }
        #expect(error?.code == .raiseException)
    }

    @Test func theWriterHasNoDDL() throws {
        let ledger = try PostgreSQLLedgerDatabase()
        defer { ledger.drop() }
        let writer = try PostgresConnection(uri: ledger.writerURI)
        for sql in ["ALTER TABLE entry DISABLE TRIGGER USER", "DROP TRIGGER entry_no_update ON entry", "DROP TABLE node CASCADE",
                    "CREATE TABLE public.side (id bigint)", "UPDATE ledger_schema SET version = 2", "SELECT ledger_grant_roles(current_user, current_user)"] {
            let error = #expect(throws: PostgresError.self, "\(sql)") { try writer.execute(sql) }
            #expect(error?.code == .insufficientPrivilege || error?.code == PostgresError.Code(rawValue: "42501"), "\(sql): \(String(describing: error))")
        }
    }

    @Test func theAuditorCannotWrite() throws {
        let ledger = try PostgreSQLLedgerDatabase()
        defer { ledger.drop() }
        let auditor = try PostgresConnection(uri: ledger.auditorURI)
        let error = #expect(throws: PostgresError.self) { try auditor.execute(PostgreSQLLedgerDatabase.entry(0)) }
        #expect(error?.code == .insufficientPrivilege)
        #expect(try auditor.statement("SELECT count(*) FROM entry").firstRow { $0.int64(0) } == 0)
    }

    /// Tamper tests edit rows the way only the owner can: with the user triggers disabled.
    @Test func theOwnerCanTamperOnlyWithTriggersDisabled() throws {
        let ledger = try PostgreSQLLedgerDatabase()
        defer { ledger.drop() }
        let owner = try PostgresConnection(uri: ledger.ownerURI)
        try owner.execute(PostgreSQLLedgerDatabase.oneOfEach)
        try owner.execute("ALTER TABLE entry DISABLE TRIGGER USER; UPDATE entry SET payload = '{\"x\":1}' WHERE seq = 1; ALTER TABLE entry ENABLE TRIGGER USER")
        #expect(try owner.statement("SELECT payload FROM entry WHERE seq = 1").firstRow { $0.text(0) } == #"{"x":1}"#)
        #expect(throws: PostgresError.self) { try owner.execute("UPDATE entry SET payload = '{}' WHERE seq = 1") }
    }
}
