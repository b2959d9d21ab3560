extension PostgresError {
    /// A SQLSTATE, with names for the ones the ledger acts on; any other five-character code is kept
    /// as it came, so nothing the server says is lost.
    struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The five-character SQLSTATE.
        let rawValue: String

        /// Wraps a SQLSTATE as the server sent it.
        init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `40001`: a serializable or repeatable-read transaction lost a race; retry it whole.
        static let serializationFailure = Code(rawValue: "40001")
        /// `40P01`: the server broke a deadlock by failing this transaction; retry it whole.
        static let deadlockDetected = Code(rawValue: "40P01")
        /// `23505`: a unique index refused a row (a repeated idempotency key, a taken `seq`).
        static let uniqueViolation = Code(rawValue: "23505")
        /// `23514`: a CHECK constraint refused a row.
        static let checkViolation = Code(rawValue: "23514")
        /// `23503`: a foreign key refused a row (a projection row without its entry).
        static let foreignKeyViolation = Code(rawValue: "23503")
        /// `P0001`: a PL/pgSQL `RAISE EXCEPTION`, which is how the append-only triggers refuse.
        static let raiseException = Code(rawValue: "P0001")
        /// `08000`: the generic connection exception.
        static let connectionException = Code(rawValue: "08000")
        /// `08001`: the connection could not be made (no server, wrong socket, timeout).
        static let unableToConnect = Code(rawValue: "08001")
        /// `08006`: the connection was lost.
        static let connectionFailure = Code(rawValue: "08006")
        /// `28P01`: the password was wrong or missing.
        static let invalidPassword = Code(rawValue: "28P01")
        /// `28000`: the role may not log in this way (pg_hba.conf, no such role).
        static let invalidAuthorization = Code(rawValue: "28000")
        /// `3D000`: no database of that name.
        static let invalidCatalogName = Code(rawValue: "3D000")
        /// `42P01`: no such table (not a ledger, or not migrated).
        static let undefinedTable = Code(rawValue: "42P01")
        /// `42501`: the role lacks the privilege (a writer updating, an auditor inserting).
        static let insufficientPrivilege = Code(rawValue: "42501")
        /// `42804`: a bound value does not fit the parameter's type (detected before sending).
        static let datatypeMismatch = Code(rawValue: "42804")
        /// `22003`: a bound integer does not fit the parameter's type (detected before sending).
        static let numericValueOutOfRange = Code(rawValue: "22003")
        /// `25006`: a write in a read-only transaction.
        static let readOnlySQLTransaction = Code(rawValue: "25006")
        /// `25P02`: a statement after an earlier one failed the transaction.
        static let inFailedSQLTransaction = Code(rawValue: "25P02")
        /// `57014`: the statement was cancelled.
        static let queryCanceled = Code(rawValue: "57014")
        /// `XX000`: a failure libpq reported without a SQLSTATE on a connection that is still up.
        static let internalError = Code(rawValue: "XX000")

        /// Whether the connection is gone or never came up (class 08, or the server shutting down:
        /// 57P01–57P03); the transaction's outcome may be unknown, so the caller reconnects.
        var isConnectionFailure: Bool {
            rawValue.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(rawValue)
        }

        /// Whether the whole transaction may simply be run again (serialization failure, deadlock).
        var isTransient: Bool {
            self == .serializationFailure || self == .deadlockDetected
        }

        /// Whether a constraint refused the data (class 23) or a trigger raised (P0001).
        var isRefusal: Bool {
            rawValue.hasPrefix("23") || self == .raiseException
        }

        var description: String { rawValue }

        /// Matches an error against a code, so callers can write `case .uniqueViolation = error.code`
        /// or `catch let error as PostgresError where .uniqueViolation ~= error`.
        static func ~= (code: Code, error: PostgresError) -> Bool {
            error.code == code
        }
    }
}
