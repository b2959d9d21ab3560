import LedgerSample
import Foundation
import Testing
import LedgerTestSupport
@testable import TransferLedger

/// A tampered source stops `Ledger.copy` at the entry and check it fails, before the target holds
/// anything: a new file is removed, a database keeps no entry.
@Suite struct CopyTamperTests {
    /// The transfer whose stored payload the tests edit (one byte of its subject count band): the
    /// third after the sample's registry facts.
    static var tampered: UInt64 { UInt64((try? SampleGroup.registryFacts().count) ?? 0) + 2 }

    @Test func aTamperedFileStopsTheCopyAndLeavesNoTarget() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let database = try PostgresServer.database()
        defer { database.drop() }
        let (from, to) = (scratch.file("a.ledger"), scratch.file("b.ledger"))
        try CopyFixture.fill(Ledger.create(at: from))
        try EntryKindFixture.tamper(from) { raw in
            try raw.execute("UPDATE entry SET payload = replace(payload, '\"subjectCount\":\"b', '\"subjectCount\":\"c') WHERE seq = \(Self.tampered)")
        }

        let problem = CopyFixture.failure { try Ledger.copy(from: .file(from), to: .file(to)) }
        #expect(problem?.seq == Self.tampered && problem?.check == .hash, "\(String(describing: problem))")
        #expect(!FileManager.default.fileExists(atPath: to) && !FileManager.default.fileExists(atPath: to + "-wal"))

        let intoDatabase = CopyFixture.failure { try Ledger.copy(from: .file(from), to: .postgres(database.uri)) }
        #expect(intoDatabase == problem)
        #expect(try Ledger(location: .postgres(database.uri), readOnly: true).entryCount() == 0)
    }

    @Test func aTamperedDatabaseStopsTheCopyAndLeavesNoTarget() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let database = try PostgresServer.database()
        defer { database.drop() }
        let to = scratch.file("audit.ledger")
        try CopyFixture.fill(Ledger.create(at: .postgres(database.uri)))
        // As the owner, with the append-only triggers off for the edit only, as the SQLite tests drop theirs.
        try database.admin().execute("""
            ALTER TABLE entry DISABLE TRIGGER USER;
            UPDATE entry SET payload = replace(payload, '"subjectCount":"b', '"subjectCount":"c') WHERE seq = \(Self.tampered);
            ALTER TABLE entry ENABLE TRIGGER USER;
            """)

        let problem = CopyFixture.failure { try Ledger.copy(from: .postgres(database.uri), to: .file(to)) }
        #expect(problem?.seq == Self.tampered && problem?.check == .hash, "\(String(describing: problem))")
        #expect(!FileManager.default.fileExists(atPath: to))
    }
}
