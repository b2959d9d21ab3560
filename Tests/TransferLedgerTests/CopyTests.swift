import Foundation
import Testing
import LedgerTestSupport
@testable import TransferLedger

/// `Ledger.copy(from:to:)` between SQLite files and PostgreSQL databases: the copy holds the same
/// entries, rows and tree, verifies, and accepts the source's checkpoints; a damaged source or a
/// non-empty target changes nothing.
@Suite struct CopyTests {
    @Test func aFileCopiesIntoANewFileWithTheSameTipRootAndRows() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let (from, to) = (scratch.file("a.ledger"), scratch.file("b.ledger"))
        let source = try Ledger.create(at: from)
        let (note, key) = try CopyFixture.fill(source)

        let summary = try Ledger.copy(from: .file(from), to: .file(to))
        let copy = try Ledger(path: to, readOnly: true)
        #expect(summary.entries == (try source.entryCount()))
        #expect(summary.tipHash == (try source.entry(at: summary.entries - 1).hash))
        #expect(summary.root == (try source.root().root))
        try CopyFixture.expectSame(copy, as: source)
        try CopyFixture.expectVerifies(copy, against: note, key: key)
        #expect(try copy.verify(policy: true).problems.isEmpty, "the policy replay holds on the copy too")
    }

    @Test func aLedgerMovesToPostgreSQLAndBackAsTheSameLedger() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let database = try PostgresServer.database()
        defer { database.drop() }
        let (from, back) = (scratch.file("a.ledger"), scratch.file("back.ledger"))
        let source = try Ledger.create(at: from)
        let (note, key) = try CopyFixture.fill(source)

        // An empty database is laid out by the copy.
        let up = try Ledger.copy(from: .file(from), to: .postgres(database.uri))
        let group = try Ledger(location: .postgres(database.uri), readOnly: true)
        try CopyFixture.expectSame(group, as: source)
        try CopyFixture.expectVerifies(group, against: note, key: key)

        let down = try Ledger.copy(from: .postgres(database.uri), to: .file(back))
        #expect(down == up)
        let file = try Ledger(path: back, readOnly: true)
        try CopyFixture.expectSame(file, as: group)
        try CopyFixture.expectVerifies(file, against: note, key: key)
    }

    @Test func aTargetThatHoldsEntriesIsRefusedAndLeftAsItWas() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let (from, existing) = (scratch.file("a.ledger"), scratch.file("existing.ledger"))
        try CopyFixture.fill(Ledger.create(at: from))
        try MerkleFixtures.makeLedger(at: existing, count: 3)
        let before = try Data(contentsOf: URL(fileURLWithPath: existing))
        #expect(throws: LedgerError.alreadyExists(path: existing)) { try Ledger.copy(from: .file(from), to: .file(existing)) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == before)

        let database = try PostgreSQLLedgerDatabase()
        defer { database.drop() }
        let group = try Ledger(location: .postgres(database.writerURI))
        try group.record(contentsOf: Fixture.transfers(2))
        let tip = try group.entry(at: 1)
        #expect(throws: LedgerError.self) { try Ledger.copy(from: .file(from), to: .postgres(database.ownerURI)) }
        #expect(try group.entryCount() == 2 && group.entry(at: 1) == tip)
    }

    @Test func anInitialisedLedgerWithoutEntriesAcceptsTheCopy() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let database = try PostgreSQLLedgerDatabase()
        defer { database.drop() }
        let from = scratch.file("a.ledger")
        let source = try Ledger.create(at: from)
        try CopyFixture.fill(source)
        // The owner copies into the layout `ledger init` made, with its writer and auditor roles.
        try Ledger.copy(from: .file(from), to: .postgres(database.ownerURI))
        try CopyFixture.expectSame(Ledger(location: .postgres(database.auditorURI), readOnly: true), as: source)
    }

    /// Roles given to a copy are granted as `create(at:roles:)` grants them, on a new ledger or an
    /// initialised one without entries; a ledger that holds entries refuses the copy and keeps its grants.
    @Test func aCopyGrantsItsRolesOnlyWhereItCanCopy() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let from = scratch.file("a.ledger")
        try CopyFixture.fill(Ledger.create(at: from))
        let database = try PostgreSQLLedgerDatabase()
        defer { database.drop() }
        let (writer, auditor) = try (database.database.createRole("writer2"), database.database.createRole("auditor2"))
        let roles = DatabaseRoles(writer: writer.name, auditor: auditor.name)
        func privileges(_ role: String) throws -> [String?] {
            try database.database.admin().rows(
                "SELECT has_table_privilege($1, 'entry', 'SELECT')::text, has_table_privilege($1, 'entry', 'INSERT')::text", role)[0]
        }
        let group = try Ledger(location: .postgres(database.writerURI))
        try group.record(contentsOf: Fixture.transfers(2))
        #expect(throws: LedgerError.self) { try Ledger.copy(from: .file(from), to: .postgres(database.ownerURI), roles: roles) }
        #expect(try privileges(writer.name) == ["false", "false"] && privileges(auditor.name) == ["false", "false"])

        let empty = try PostgreSQLLedgerDatabase()
        defer { empty.drop() }
        try Ledger.copy(from: .file(from), to: .postgres(empty.ownerURI), roles: roles)
        func empties(_ role: String) throws -> [String?] {
            try empty.database.admin().rows(
                "SELECT has_table_privilege($1, 'entry', 'SELECT')::text, has_table_privilege($1, 'entry', 'INSERT')::text", role)[0]
        }
        #expect(try empties(writer.name) == ["true", "true"] && empties(auditor.name) == ["true", "false"])
    }
}
