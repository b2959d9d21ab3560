import LedgerFormat

/// A value bound to a PostgreSQL statement parameter.
///
/// How it travels depends on the parameter's type as the server resolved it when the statement was
/// prepared (`PostgresParameters`): integers go as 8-, 4- or 2-byte binary, bytes as raw binary
/// `bytea`, text as its UTF-8 bytes in binary format for text-like types, so nothing is hex-encoded,
/// formatted or parsed on either side.
enum PostgresValue {
    case null
    case integer(Int64)
    case text(String)
    /// Raw bytes for a `bytea` parameter (hashes).
    case bytea([UInt8])
    /// A hash for a `bytea` parameter, copied straight from the digest (no array of its own).
    case digest(Digest)
    /// Text given as its UTF-8 bytes (canonical JSON), sent byte for byte: the server only checks
    /// that they are valid UTF-8.
    case utf8([UInt8])
    /// A one-dimensional array for an array parameter (`bigint[]`, `text[]`, `bytea[]`, `boolean[]`),
    /// its elements encoded as they would be for the element type: many rows' column in one value,
    /// so that one statement (`unnest`) inserts them all.
    case array([PostgresValue])
}
