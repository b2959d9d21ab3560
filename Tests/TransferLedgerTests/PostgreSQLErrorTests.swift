import LedgerTestSupport
import Testing
@testable import LedgerPostgreSQL
@testable import LedgerStorage
@testable import TransferLedger

/// Connection failures are clean errors with a SQLSTATE, and no password ever reaches a message.
@Suite struct PostgreSQLErrorTests {
    @Test(arguments: [
        ("postgresql://alice:s3cret@db.example/ledger", "postgresql://alice:***@db.example/ledger"),
        ("POSTGRES://alice:s3cr%2Fet@db.example:5432/ledger?sslmode=require", "POSTGRES://alice:***@db.example:5432/ledger?sslmode=require"),
        ("postgresql://db.example/ledger?user=alice&password=s3cret&sslmode=verify-full", "postgresql://db.example/ledger?user=alice&password=***&sslmode=verify-full"),
        ("host=db.example password=s3cret user=alice", "host=db.example password=*** user=alice"),
        ("host=db.example password = 'it is s3cret' user=alice", "host=db.example password = *** user=alice"),
        ("host=db.example password='it\\'s s3cret' user=alice", "host=db.example password=*** user=alice"),
        ("ALTER ROLE alice PASSWORD 's3cret'", "ALTER ROLE alice PASSWORD '***'"),
        ("postgresql://alice@db.example/ledger", "postgresql://alice@db.example/ledger"),
        // A URI inside a message, after another without user info.
        ("see https://example.org/x; from postgres://bob:s3cret@db.example/l: refused", "see https://example.org/x; from postgres://bob:***@db.example/l: refused"),
    ])
    func redactsPasswordsInConnectionStrings(_ input: String, _ expected: String) {
        let redacted = PostgresRedaction.redactedConnectionString(input)
        #expect(redacted == expected)
        #expect(!redacted.contains("s3cret"))
    }

    @Test func redactsAPasswordQuotedOnItsOwn() {
        let uri = "postgresql://alice:top%zzsecret@db.example/ledger"
        #expect(PostgresRedaction.passwords(in: uri) == ["top%zzsecret"])
        let message = PostgresRedaction.redact(#"invalid percent-encoded token: "top%zzsecret""#, secrets: PostgresRedaction.passwords(in: uri))
        #expect(message == #"invalid percent-encoded token: "***""#)
    }

    @Test func aMalformedURIIsACleanErrorWithoutThePassword() throws {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(uri: "postgresql://alice:top%zzsecret@/ledger?host=/nonexistent") }
        #expect(error?.message.contains("secret") == false, "\(String(describing: error))")
        #expect(error?.description.contains("secret") == false)
        #expect(error?.code.isConnectionFailure == true)
    }

    @Test func aWrongPasswordIsInvalidPasswordAndNeverQuoted() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let role = try database.createRole("pw", requirePassword: true)
        let right = try database.uri(user: role.name, password: role.password)
        let wrongPassword = "Wr0ng-" + role.password
        let wrong = try database.uri(user: role.name, password: wrongPassword)
        let connection = try PostgresConnection(uri: right)
        #expect(try connection.statement("SELECT current_user").firstRow { $0.text(0) } == role.name)
        guard try PostgresServer.server.checksPasswords else { return }
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(uri: wrong) }
        #expect(error?.code == .invalidPassword, "\(String(describing: error))")
        for text in [error?.message, error?.description, error.map { "\($0)" }].compactMap({ $0 }) {
            #expect(!text.contains(wrongPassword))
            #expect(!text.contains(role.password))
        }
        let missing = #expect(throws: PostgresError.self) { try PostgresConnection(uri: database.uri(user: role.name, password: nil)) }
        #expect(missing?.code == .invalidPassword, "\(String(describing: missing))")
    }

    @Test func aBadSocketOrHostIsAConnectionFailureNotAHang() throws {
        let socket = #expect(throws: PostgresError.self) {
            try PostgresConnection(uri: "postgresql://alice:s3cret@/ledger?host=/nonexistent/socket/dir&connect_timeout=2")
        }
        #expect(socket?.code == .unableToConnect)
        #expect(socket?.message.contains("s3cret") == false)
        // TEST-NET-1 (RFC 5737): never routed, so either refused at once or given up after the timeout.
        let host = #expect(throws: PostgresError.self) { try PostgresConnection(uri: "postgresql://alice:s3cret@192.0.2.1:5432/ledger?connect_timeout=1") }
        #expect(host?.code.isConnectionFailure == true)
        #expect(host?.description.contains("s3cret") == false)
    }

    @Test func aMissingDatabaseIsNamedAsSuch() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(uri: database.uri.replacingOccurrences(of: "/\(database.name)", with: "/\(database.name)_missing")) }
        #expect(error?.code == .invalidCatalogName, "\(String(describing: error))")
    }

    @Test func serverErrorsCarryTheirSQLState() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        let missing = #expect(throws: PostgresError.self) { try connection.statement("SELECT * FROM entry") }
        #expect(missing?.code == .undefinedTable)
        #expect(missing?.sql == "SELECT * FROM entry")
        let raised = #expect(throws: PostgresError.self) { try connection.execute("DO $$ BEGIN RAISE EXCEPTION 'no' USING DETAIL = 'password=hunter2'; END $$") }
        #expect(raised?.code == .raiseException)
        #expect(raised?.code.isRefusal == true)
        #expect(raised?.detail == "password=***")
        #expect(PostgresError.Code.deadlockDetected.isTransient && PostgresError.Code.serializationFailure.isTransient)
        #expect(PostgresError.Code.uniqueViolation ~= PostgresError(code: .uniqueViolation, message: "x"))
    }
}
