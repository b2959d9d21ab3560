/// The schema objects a PostgreSQL ledger must have, read from the embedded migrations, and the
/// catalog query that lists what a database has: what `verify` compares. Tables, indexes and
/// triggers are compared by name, triggers also by being enabled, and functions by their body, so a
/// disabled append-only trigger or a rewritten trigger function is reported.
enum PostgresSchemaObjects {
    struct Object: Equatable {
        let type: String
        let name: String
        let definition: String
    }

    /// Every table, index (besides those behind a PRIMARY KEY or UNIQUE constraint), trigger and
    /// function in the ledger's schema; a trigger's definition is its `tgenabled` ('O' when enabled),
    /// a function's its body (`prosrc`).
    static let catalogSQL = """
        SELECT 'table', c.relname::text, '' FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = pg_catalog.current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        UNION ALL
        SELECT 'index', c.relname::text, '' FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = pg_catalog.current_schema() AND c.relkind = 'i'
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = c.oid)
        UNION ALL
        SELECT 'trigger', t.tgname::text, t.tgenabled::text FROM pg_catalog.pg_trigger t
        JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = pg_catalog.current_schema() AND NOT t.tgisinternal
        UNION ALL
        SELECT 'function', p.proname::text, p.prosrc FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = pg_catalog.current_schema()
        """

    /// The objects the embedded migrations create; a function a later migration replaces counts with
    /// its latest body.
    static let expected: [Object] = PostgresEmbeddedResources.migrations.flatMap(objects(in:)).reduce(into: []) { objects, object in
        objects.removeAll { $0.type == object.type && $0.name == object.name }
        objects.append(object)
    }

    /// The objects one migration's SQL creates: each `CREATE TABLE`, `CREATE [UNIQUE] INDEX`,
    /// `CREATE TRIGGER` and `CREATE FUNCTION` at the start of a line, a function with the text
    /// between its `$$` quotes.
    static func objects(in sql: String) -> [Object] {
        var objects: [Object] = []
        var rest = Substring(sql)
        while let line = rest.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first {
            // "CREATE OR REPLACE FUNCTION" reads as "CREATE FUNCTION".
            let words = line.split(separator: " ", omittingEmptySubsequences: true).filter { $0 != "OR" && $0 != "REPLACE" }
            if words.count >= 3, words[0] == "CREATE" {
                let kind = words[1] == "UNIQUE" ? words.dropFirst(2).first : words[1]
                let nameWord = words[1] == "UNIQUE" ? words.dropFirst(3).first : words[2]
                if let kind, let nameWord {
                    let name = String(nameWord.prefix { $0 != "(" })
                    switch kind {
                    case "TABLE": objects.append(Object(type: "table", name: name, definition: ""))
                    case "INDEX": objects.append(Object(type: "index", name: name, definition: ""))
                    case "TRIGGER": objects.append(Object(type: "trigger", name: name, definition: "O"))
                    case "FUNCTION":
                        if let body = dollarQuoted(after: rest) { objects.append(Object(type: "function", name: name, definition: body)) }
                    default: break
                    }
                }
            }
            rest = rest.dropFirst(line.count)
            if rest.first == "\n" { rest = rest.dropFirst() } else if line.isEmpty { break }
        }
        return objects
    }

    /// The text between the first `$$` in `text` and the next.
    private static func dollarQuoted(after text: Substring) -> String? {
        let bytes = Array(text.utf8)
        func find(from start: Int) -> Int? {
            var index = start
            while index + 1 < bytes.count {
                if bytes[index] == UInt8(ascii: "$"), bytes[index + 1] == UInt8(ascii: "$") { return index }
                index += 1
            }
            return nil
        }
        guard let open = find(from: 0), let close = find(from: open + 2) else { return nil }
        return String(decoding: bytes[(open + 2)..<close], as: UTF8.self)
    }
}
