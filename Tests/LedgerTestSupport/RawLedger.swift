import Foundation

/// Raw SQL on a ledger of either backend, bypassing the library: the attacker with write access to
/// the file or a superuser login. Statements use `?` placeholders and `RawSQLite.Value`s on both;
/// on PostgreSQL the placeholders become `$1`, `$2`, … and blobs `bytea`.
public final class RawLedger {
    public typealias Value = RawSQLite.Value

    private enum Connection {
        case sqlite(RawSQLite)
        case postgres(PostgresAdminConnection)
    }

    private let connection: Connection

    /// Connects to the ledger at `location`: a file path, or a superuser's `postgresql://` URI.
    public convenience init(location: String) throws {
        if location.lowercased().hasPrefix("postgresql://") || location.lowercased().hasPrefix("postgres://") {
            self.init(postgres: try PostgresAdminConnection(location))
        } else {
            self.init(sqlite: try RawSQLite(location))
        }
    }

    init(sqlite: RawSQLite) {
        connection = .sqlite(sqlite)
    }

    init(postgres: PostgresAdminConnection) {
        connection = .postgres(postgres)
    }

    /// Runs SQL that takes no parameters (several statements allowed).
    public func execute(_ sql: String) throws {
        switch connection {
        case .sqlite(let raw): try raw.execute(sql)
        case .postgres(let admin): try admin.execute(sql)
        }
    }

    /// Runs one statement with bound `values` and returns its rows.
    @discardableResult
    public func rows(_ sql: String, _ values: Value...) throws -> [[Value]] {
        try rows(sql, bindings: values)
    }

    /// Runs one statement with bound `values` and returns its rows.
    @discardableResult
    public func rows(_ sql: String, bindings values: [Value]) throws -> [[Value]] {
        switch connection {
        case .sqlite(let raw): try raw.rows(sql, bindings: values)
        case .postgres(let admin): try admin.typedRows(Self.numberedPlaceholders(sql), bindings: values)
        }
    }

    /// The single value of a one-row, one-column query; `.null` when there is no row.
    public func value(_ sql: String, _ values: Value...) throws -> Value {
        try rows(sql, bindings: values).first?.first ?? .null
    }

    /// Runs `change` with the ledger's guards off, then puts them back (see `ScratchLedger.tamper(_:)`).
    public func tamper(_ change: (RawLedger) throws -> Void) throws {
        switch connection {
        case .sqlite(let raw):
            let triggers = try raw.rows("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").map {
                ($0[0].text ?? "", $0[1].text ?? "")
            }
            for (name, _) in triggers { try raw.execute("DROP TRIGGER \(name)") }
            try raw.execute("PRAGMA ignore_check_constraints = ON; BEGIN")
            do {
                try change(self)
                try raw.execute("COMMIT")
            } catch {
                try? raw.execute("ROLLBACK")
                for (_, sql) in triggers { try? raw.execute(sql) }
                throw error
            }
            try raw.execute("PRAGMA ignore_check_constraints = OFF")
            for (_, sql) in triggers { try raw.execute(sql) }
        case .postgres(let admin):
            // Replica mode fires no ordinary trigger and enforces no foreign key, for this transaction
            // only: the catalog (what verify compares) is never touched. CHECK constraints still
            // hold, so they are dropped and put back unvalidated, as an owner could.
            try admin.execute("BEGIN; SET LOCAL session_replication_role = replica")
            do {
                let checks = try admin.rows("""
                    SELECT conrelid::regclass::text, conname::text, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE contype = 'c' AND connamespace = current_schema()::regnamespace
                    """).map { ($0[0] ?? "", $0[1] ?? "", $0[2] ?? "") }
                for (table, name, _) in checks { try admin.execute("ALTER TABLE \(table) DROP CONSTRAINT \(name)") }
                try change(self)
                for (table, name, definition) in checks {
                    try admin.execute("ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition) NOT VALID")
                }
                try admin.execute("COMMIT")
            } catch {
                try? admin.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// `sql` with each `?` outside quotes replaced by `$1`, `$2`, …
    static func numberedPlaceholders(_ sql: String) -> String {
        var result = ""
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?", !quoted {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
