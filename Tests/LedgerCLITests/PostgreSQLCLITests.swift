import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// `ledger --db postgresql://…` end to end against the tests' real server: every command, and every
/// way of failing to reach a ledger, as one `Error:` line with the documented status and no password.
@Suite("ledger against a PostgreSQL database")
struct PostgreSQLCLITests {
    @Test func everyCommandWorksOnAURI() async throws {
        let session = try CLISession(.postgres)
        defer { session.remove() }
        let receipts = try await session.ledger()
        #expect(receipts.count == 3)
        let db = session.db

        let verify = try await session.run("verify", "--db", db)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        // LEDGER_DB works as --db does.
        let viaEnvironment = try await session.run("verify", "--policy", environment: ["LEDGER_DB": db])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stdout) \(viaEnvironment.stderr)")

        let query = try await session.run("query", "--db", db, "--format", "ndjson")
        #expect(query.status == 0 && query.lines.count == 3, "\(query.stderr)")
        let grouped = try await session.run("query", "--db", db, "--group-by", "destination", "--format", "json")
        #expect(grouped.status == 0 && ["IN", "JP", "US"].allSatisfy(grouped.stdout.contains), "\(grouped.stdout) \(grouped.stderr)")

        for receipt in receipts {
            guard case .integer(let seq)? = receipt["seq"], case .string(let hash)? = receipt["hash"] else {
                Issue.record("receipt without seq and hash: \(receipt)")
                continue
            }
            let show = try await session.run("show", String(seq), "--db", db, "--json")
            #expect(show.status == 0 && show.stdout.contains(#""hash": "\#(hash)""#), "\(show.stdout) \(show.stderr)")
        }

        #expect(try await session.run("keygen", "--name", "example.com/pg-cli", "--out", "log").status == 0)
        let checkpoint = try await session.run("checkpoint", "--key", "log.key", "--db", db, "--out", "cp.txt")
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        let prove = try await session.run("prove", String(CLIFixture.firstTransferSeq), "--db", db)
        #expect(prove.status == 0, "\(prove.stderr)")
        _ = session.write("proof.json", Array(prove.stdout.utf8))
        let proof = try await session.run("verify-proof", "proof.json", "--key", "log.pub")
        #expect(proof.status == 0, "\(proof.stdout) \(proof.stderr)")
        let extends = try await session.run("verify", "--db", db, "--checkpoint", "cp.txt", "--key", "log.pub")
        #expect(extends.status == 0, "\(extends.stdout) \(extends.stderr)")
        #expect(try session.entryCount() == UInt64(CLIFixture.firstTransferSeq + 4))
    }

    /// Ways of not reaching a ledger; each URI carries a password that must never be printed.
    enum Unreachable: String, CaseIterable, Sendable {
        case wrongPassword, refusedPort, missingSocketDirectory, missingDatabase
    }

    static let secret = "S3cr3t-never-printed"

    @Test(arguments: Unreachable.allCases)
    func aLedgerOutOfReachIsOneLineWithoutThePassword(_ failure: Unreachable) async throws {
        let session = try CLISession(.postgres)
        defer { session.remove() }
        let database = try #require(session.scratch.database)
        let role = try database.createRole("cli", requirePassword: true)
        let uri = switch failure {
        case .wrongPassword: try database.uri(user: role.name, password: Self.secret)
        case .refusedPort: "postgresql://\(role.name):\(Self.secret)@127.0.0.1:1/\(database.name)?connect_timeout=5"
        case .missingSocketDirectory: "postgresql://\(role.name):\(Self.secret)@/\(database.name)?host=/nonexistent-\(role.name)"
        case .missingDatabase: try database.uri(user: nil, password: Self.secret).replacingOccurrences(of: database.name, with: database.name + "_gone")
        }
        let commands: [[String]] = [["init"], ["record"], ["verify"], ["query"], ["show", "0"], ["checkpoint", "--key", "none.key"], ["export", "--from", "2026-01-01", "--to", "2026-12-31", "--report-id", "R", "--addressee", "A", "--key", "none.key", "--out", "b"], ["registry", "list"]]
        for command in commands {
            let result = try await session.run(command + ["--db", uri], input: CLIFixture.ndjson([CLIFixture.transfer(key: "k")]))
            Self.expectOneLineError(result, status: 66, command)
        }
        // Nothing was written: the database is as empty as it was made.
        #expect(try database.admin().rows("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [["0"]])
    }

    /// A database that is not a ledger, and a ledger whose schema is newer than this build: refused
    /// before anything is written.
    @Test func notALedgerOrANewerSchemaIsRefusedAndNothingIsWritten() async throws {
        let other = try CLISession(.postgres)
        defer { other.remove() }
        let admin = try #require(other.scratch.database).admin()
        try admin.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text)")
        for command in [["init"], ["record"], ["verify"]] {
            let result = try await other.run(command + ["--db", other.db], input: CLIFixture.ndjson([CLIFixture.transfer(key: "k")]))
            Self.expectOneLineError(result, status: 66, command)
        }
        #expect(try admin.rows("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'") == [["customers"]])

        let newer = try CLISession(.postgres)
        defer { newer.remove() }
        try await newer.ledger()
        let ledgerAdmin = try #require(newer.scratch.database).admin()
        let before = try ledgerAdmin.rows("SELECT count(*), max(seq) FROM entry")
        try ledgerAdmin.execute("UPDATE ledger_schema SET version = version + 1")
        for command in [["record"], ["verify"], ["query"], ["show", "0"]] {
            let result = try await newer.run(command + ["--db", newer.db], input: CLIFixture.ndjson([CLIFixture.transfer(key: "late")]))
            Self.expectOneLineError(result, status: 66, command)
            #expect(result.stderr.contains("has ledger format version") && result.stderr.contains("this build reads versions up to"), "\(result.stderr)")
        }
        #expect(try ledgerAdmin.rows("SELECT count(*), max(seq) FROM entry") == before)
    }

    /// A password given in the URI is not printed when the command fails for another reason either.
    @Test func aValidPasswordIsNeverPrinted() async throws {
        let session = try CLISession(.postgres)
        defer { session.remove() }
        let database = try #require(session.scratch.database)
        let role = try database.createRole("cli", requirePassword: true)
        try database.admin().execute("ALTER DATABASE \(database.name) OWNER TO \(role.name)")
        let uri = try database.uri(user: role.name, password: role.password)
        let created = try await session.run("init", "--db", uri)
        #expect(created.status == 0, "\(created.stdout) \(created.stderr)")
        #expect(!(created.stdout + created.stderr).contains(role.password))
        for (command, status) in [(["init"], Int32(64)), (["show", "99"], 66), (["record"], 65), (["prove", "0"], 66)] {
            let result = try await session.run(command + ["--db", uri], input: Array("{not json\n".utf8))
            Self.expectOneLineError(result, status: status, command, secret: role.password)
        }
    }

    static func expectOneLineError(_ result: LedgerProcess.Result, status: Int32, _ command: [String], secret: String = secret,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(command): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("Error: ") && result.stderr.filter { $0 == "\n" }.count == 1,
                "\(command): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(command): \(result.stdout)", sourceLocation: sourceLocation)
        #expect(!(result.stdout + result.stderr).contains(secret), "\(command) printed the password", sourceLocation: sourceLocation)
    }
}
