/// The rows of one table that a write transaction has inserted but not yet sent: sent as one
/// statement when the connection's next statement goes (`PostgresConnection.heldWrites`), a
/// multi-row insert from arrays when there are several. A statement costs the server far more to
/// start than a row costs to insert, so a sequencing round or a batch of a thousand transfers sends
/// a few statements instead of thousands.
struct HeldRows {
    /// One row: `INSERT … VALUES ($1, …)`.
    let single: String
    /// Several rows: `INSERT … SELECT … FROM unnest($1::type[], …)`, one array parameter per column.
    let many: String
    /// Column-major: `columns[c][r]` is row r's value of column c.
    private var columns: [[PostgresValue]]

    /// `columns` are the table's column names and SQL types; with `ordered`, the rows are inserted in
    /// the order of the first column (the entry table's trigger checks each row against the one
    /// before it, which an earlier row of the same statement may be).
    init(table: String, columns: [(name: String, type: String)], ordered: Bool = false) {
        let names = columns.map(\.name).joined(separator: ", ")
        let parameters = columns.indices.map { "$\($0 + 1)" }
        single = "INSERT INTO \(table) (\(names)) VALUES (\(parameters.joined(separator: ", ")))"
        let arrays = zip(parameters, columns).map { "\($0)::\($1.type)[]" }.joined(separator: ", ")
        many = "INSERT INTO \(table) (\(names)) SELECT * FROM unnest(\(arrays))\(ordered ? " ORDER BY 1" : "")"
        self.columns = Array(repeating: [], count: columns.count)
    }

    var count: Int { columns[0].count }

    mutating func append(_ row: PostgresValue...) {
        for (column, value) in zip(columns.indices, row) { columns[column].append(value) }
    }

    /// Sends the rows held (if any) in pipeline mode and forgets them.
    mutating func send(on connection: PostgresConnection) throws(PostgresError) {
        switch count {
        case 0: return
        case 1: try connection.statement(single).send(bindings: columns.map { $0[0] })
        default: try connection.statement(many).send(bindings: columns.map { .array($0) })
        }
        removeAll()
    }

    mutating func removeAll() {
        for column in columns.indices { columns[column].removeAll(keepingCapacity: true) }
    }
}

/// The held rows of every table the write path inserts into in bulk, sent in an order that the
/// foreign keys accept (entries before what refers to them).
struct HeldInserts {
    var entry = HeldRows(table: "entry", columns: [("seq", "bigint"), ("kind", "text"), ("recorded_at", "text"), ("prev_hash", "bytea"),
                                                   ("hash", "bytea"), ("payload", "text"), ("format", "bigint")], ordered: true)
    var node = HeldRows(table: "node", columns: [("level", "bigint"), ("idx", "bigint"), ("hash", "bytea")])
    var transfer = HeldRows(table: "transfer", columns: [
        ("seq", "bigint"), ("idempotency_key", "text"), ("occurred_at", "bigint"), ("exporter", "text"), ("exporter_role", "text"),
        ("importer", "text"), ("importer_role", "text"), ("destination", "text"), ("region", "text"), ("mechanism", "text"),
        ("data_categories", "bigint"), ("special_categories", "bigint"), ("status", "text"),
    ])
    var rule = HeldRows(table: "transfer_rule", columns: [("seq", "bigint"), ("rule", "text")])
    var privateDocument = HeldRows(table: "transfer_private", columns: [("seq", "bigint"), ("document", "text")])
    var subjectLink = HeldRows(table: "subject_link", columns: [("token", "bytea"), ("seq", "bigint"), ("salt", "bytea")])
    var outcome = HeldRows(table: "intake_outcome", columns: [("intake_id", "bigint"), ("seq", "bigint"), ("duplicate", "boolean"),
                                                              ("field", "text"), ("rule", "text"), ("message", "text")])

    /// The most entries held before they are sent anyway, so that a long transaction (a copy) keeps
    /// a bounded amount in memory.
    static let limit = 1_000

    mutating func send(on connection: PostgresConnection) throws(PostgresError) {
        try entry.send(on: connection)
        try node.send(on: connection)
        try transfer.send(on: connection)
        try rule.send(on: connection)
        try privateDocument.send(on: connection)
        try subjectLink.send(on: connection)
        try outcome.send(on: connection)
    }

    mutating func removeAll() {
        entry.removeAll()
        node.removeAll()
        transfer.removeAll()
        rule.removeAll()
        privateDocument.removeAll()
        subjectLink.removeAll()
        outcome.removeAll()
    }
}
