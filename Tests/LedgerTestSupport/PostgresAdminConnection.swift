import Foundation
import CLibPQ

/// A bare libpq connection that bypasses the library: the tests' superuser, to create and drop
/// databases and roles, and to do what an attacker with a login could (the tests' raw SQL).
public final class PostgresAdminConnection {
    /// What the server refused: its SQLSTATE and message.
    public struct Failure: Error, CustomStringConvertible {
        public let sqlState: String
        public let message: String
        public var description: String { "PostgreSQL \(sqlState): \(message)" }
    }

    private let handle: OpaquePointer

    /// Connects with a libpq URI or key/value string.
    public init(_ uri: String) throws {
        guard let handle = PQconnectdb(uri) else { throw Failure(sqlState: "08001", message: "out of memory") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            throw Failure(sqlState: "08001", message: message)
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        self.handle = handle
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether a server answers at `uri` and accepts connections.
    static func ping(_ uri: String) -> Bool {
        PQping(uri) == PQPING_OK
    }

    /// Runs SQL (one statement or several) without parameters.
    public func execute(_ sql: String) throws {
        _ = try rows(sql)
    }

    /// Runs one statement with text parameters ($1, $2, …; nil for NULL) and returns its rows as
    /// text (nil for NULL).
    @discardableResult
    public func rows(_ sql: String, _ parameters: String?...) throws -> [[String?]] {
        try withResult(sql, parameters) { result in
            (0..<PQntuples(result)).map { row in
                (0..<PQnfields(result)).map { column in
                    PQgetisnull(result, row, column) != 0 ? nil : String(cString: PQgetvalue(result, row, column))
                }
            }
        }
    }

    /// Runs `sql` (with text `parameters`, or several statements without) and reads its last result.
    func withResult<T>(_ sql: String, _ parameters: [String?], _ read: (OpaquePointer) -> T) throws -> T {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let values = copies.map { $0.map { UnsafePointer($0) } }
        let result = parameters.isEmpty
            ? PQexec(handle, sql)
            : values.withUnsafeBufferPointer { PQexecParams(handle, sql, Int32(values.count), nil, $0.baseAddress, nil, nil, 0) }
        guard let result else { throw Failure(sqlState: "08006", message: String(cString: PQerrorMessage(handle))) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "XX000"
            throw Failure(sqlState: state, message: String(cString: PQresultErrorMessage(result)))
        }
        return read(result)
    }
}
