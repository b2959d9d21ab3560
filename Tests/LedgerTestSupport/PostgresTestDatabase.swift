import CLibPQ
import Foundation

/// A database of one test's own on the tests' PostgreSQL server, with roles made for it.
public struct PostgresTestDatabase: Sendable {
    /// The group whose members the tests' own cluster asks for a password (pg_hba.conf).
    public static let passwordGroup = "tl_password_required"

    /// The database's name, `t_` and random hex.
    public let name: String
    /// A superuser's URI for this database.
    public let uri: String
    private let server: PostgresServer.Server
    private let roles = RoleList()

    static func create(on server: PostgresServer.Server) throws -> PostgresTestDatabase {
        let name = "t_" + randomHex()
        // The name is generated here, from hex digits only, so it is safe in the statement.
        try PostgresAdminConnection(server.adminURI).execute("CREATE DATABASE \(name) ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'")
        return PostgresTestDatabase(name: name, uri: try Self.uri(from: server.adminURI, database: name, user: nil, password: nil), server: server)
    }

    /// A superuser connection to this database that bypasses the library.
    public func admin() throws -> PostgresAdminConnection {
        try PostgresAdminConnection(uri)
    }

    /// Creates a login role for this test (`<prefix>_<random>`), with a password and, when
    /// `requirePassword` on the tests' own cluster, in the group it asks a password of (an existing
    /// server's pg_hba.conf decides for itself). Returns its name and password; `drop()` drops it.
    public func createRole(_ prefix: String, requirePassword: Bool = false) throws -> (name: String, password: String) {
        let role = prefix + "_" + Self.randomHex()
        let password = "pw-" + Self.randomHex()
        // Generated names and hex passwords only; CREATE ROLE takes no bound parameters.
        try PostgresAdminConnection(server.adminURI).execute(
            "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'" + (requirePassword && server.checksPasswords ? " IN ROLE \(Self.passwordGroup)" : ""))
        roles.append(role)
        return (role, password)
    }

    /// A URI for this database as `user` with `password` (or the admin URI's own user), keeping the
    /// admin URI's host, port and other settings.
    public func uri(user: String?, password: String?) throws -> String {
        try Self.uri(from: server.adminURI, database: name, user: user, password: password)
    }

    /// Drops the database (closing any connection still on it) and the test's roles.
    public func drop() {
        guard let admin = try? PostgresAdminConnection(server.adminURI) else { return }
        _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        for role in roles.all { _ = try? admin.execute("DROP ROLE IF EXISTS \(role)") }
    }

    /// A postgresql:// URI with `base`'s settings, this database and the given user and password.
    static func uri(from base: String, database: String, user: String?, password: String?) throws -> String {
        var options: [String: String] = [:]
        var error: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(base, &error) else {
            defer { PQfreemem(error) }
            throw PostgresCluster.Failure("cannot parse \(PostgresServer.environmentVariable): " + (error.map { String(cString: $0) } ?? "?"))
        }
        defer { PQconninfoFree(parsed) }
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        if let user { options["user"] = user }
        if let password { options["password"] = password } else if user != nil { options["password"] = nil }
        options["dbname"] = nil
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
        }
        var authority = ""
        if let user = options.removeValue(forKey: "user") {
            authority = encoded(user) + (options.removeValue(forKey: "password").map { ":" + encoded($0) } ?? "") + "@"
        }
        let query = options.sorted { $0.key < $1.key }.map { encoded($0.key) + "=" + encoded($0.value) }
        return "postgresql://\(authority)/\(database)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    private static func randomHex() -> String {
        (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}

/// The roles a test created, shared by copies of its `PostgresTestDatabase`.
private final class RoleList: @unchecked Sendable {
    // Guarded by `lock`; @unchecked because NSLock-guarded state is not visible to the compiler.
    private let lock = NSLock()
    private var names: [String] = []

    func append(_ name: String) {
        lock.withLock { names.append(name) }
    }

    var all: [String] {
        lock.withLock { names }
    }
}
