import LedgerTestSupport
import Testing
@testable import TransferLedger

/// A ledger released closes what it opened: its SQLite file, WAL and shared memory, or its
/// PostgreSQL connection. A long-lived service opens and drops ledgers for years; the test process
/// itself once held ~1,360 descriptors at a time, which is how a leak would first show.
@Suite("Releasing a ledger closes its descriptors and connections")
struct DescriptorReleaseTests {
    static let rounds = 20

    /// Opens, uses and drops a ledger `rounds` times, in every way one can be opened.
    static func openAndDrop(_ path: String) async throws {
        for round in 0..<rounds {
            do {
                let ledger = try Ledger(path: path)
                try ledger.record(Fixture.transfer(key: "round-\(round)"))
                #expect(try ledger.verify().isIntact)
            }
            do {
                let reader = try Ledger(path: path, readOnly: true)
                #expect(try reader.entryCount() == UInt64(round + 1))
            }
            do {
                let pool = try LedgerPool(path: path, readers: 3)
                #expect(try await pool.entryCount() == UInt64(round + 1))
                #expect(try await pool.verify().isIntact)
            }
        }
    }

    @Test func aReleasedFileLedgerLeavesNoDescriptorOpen() async throws {
        let scratch = try Backend.sqlite.makeLocation()
        defer { scratch.remove() }
        do { _ = try Ledger.create(at: scratch.path) }
        try await Self.openAndDrop(scratch.path)
        // A pool's connections are released by their own queues' threads, a moment after the last call.
        let open = try await eventually { OpenDescriptors.files(under: scratch.directory.path) }
        #expect(open.isEmpty, "still open after \(Self.rounds) rounds: \(open)")
    }

    @Test func aReleasedPostgreSQLLedgerLeavesNoConnectionOpen() async throws {
        let scratch = try Backend.postgres.makeLocation()
        defer { scratch.remove() }
        do { _ = try Ledger.create(at: scratch.path) }
        try await Self.openAndDrop(scratch.path)
        let admin = try #require(try scratch.database?.admin())
        // A backend leaves pg_stat_activity once it has seen its client go, a moment after.
        let backends = try await eventually {
            try admin.rows("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        }
        #expect(backends.isEmpty, "\(backends.count) connections still open after \(Self.rounds) rounds")
    }

    /// `look()` once it is empty, or as it is after 30 s: what was released may be closed by another
    /// thread (a pool's queues, the server) a moment after the test let go of it.
    func eventually<T: Collection>(_ look: () throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(30)
        var seen = try look()
        while !seen.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            seen = try look()
        }
        return seen
    }
}
