import Foundation

/// The PostgreSQL server the tests of one test process share, and a fresh database per test.
///
/// The first test that asks starts a throwaway cluster (`PostgresCluster`): initdb in a scratch
/// directory, a Unix socket only, `fsync=on`, run as the `postgres` user when the tests run as root.
/// It stops when the test process ends, normally or not. With `LEDGER_TEST_POSTGRES_URI` set to a
/// superuser's (or a CREATEDB and CREATEROLE role's) URI on an existing server, no cluster is
/// started: databases and roles are created there and dropped by `PostgresTestDatabase.drop()`.
public enum PostgresServer {
    /// The environment variable that points the tests at an existing server.
    public static let environmentVariable = "LEDGER_TEST_POSTGRES_URI"

    /// A new, empty database of its own for one test; call `drop()` when done (from `defer`).
    public static func database() throws -> PostgresTestDatabase {
        let server = try shared.get()
        return try PostgresTestDatabase.create(on: server)
    }

    /// The server's administrative connection string and what it can do.
    public struct Server: Sendable {
        /// A superuser's connection string, to create and drop databases and roles.
        public let adminURI: String
        /// Whether roles in `PostgresTestDatabase.passwordGroup` must give their password (true for
        /// the tests' own cluster; an existing server's pg_hba.conf decides for itself).
        public let checksPasswords: Bool
    }

    /// Started (or found) once per test process, the first time a test asks.
    public static var server: Server {
        get throws { try shared.get() }
    }
}

/// Swift initialises a global lazily and exactly once, even when tests ask from several threads.
private let shared: Result<PostgresServer.Server, any Error> = Result {
    if let uri = ProcessInfo.processInfo.environment[PostgresServer.environmentVariable], !uri.isEmpty {
        let server = PostgresServer.Server(adminURI: uri, checksPasswords: false)
        try PostgresAdminConnection(server.adminURI).execute("SELECT 1")
        return server
    }
    let cluster = try PostgresCluster.start()
    return PostgresServer.Server(adminURI: cluster.adminURI, checksPasswords: true)
}
