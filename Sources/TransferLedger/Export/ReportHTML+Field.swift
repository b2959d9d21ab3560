import LedgerFormat

extension ReportHTML {
    /// A place in report.json that may hold nothing: the renderer reads a draft contract, so a member
    /// that is missing or of another type renders as a dash instead of stopping the report.
    struct Field {
        let value: JSONValue?

        init(_ value: JSONValue?) {
            self.value = value
        }

        /// The member `name` of this object; empty when this is not an object or has no such member.
        subscript(_ name: String) -> Field {
            Field(value?.objectValue?[name])
        }

        /// The integer, or nil.
        var int: Int? {
            if case .integer(let number) = value { Int(exactly: number) } else { nil }
        }

        /// The string, or nil.
        var string: String? { value?.stringValue }

        /// The boolean, or nil.
        var bool: Bool? {
            if case .bool(let flag) = value { flag } else { nil }
        }

        /// The elements; empty when this is not an array.
        var array: [Field] {
            if case .array(let elements) = value { elements.map(Field.init) } else { [] }
        }

        /// The members in code-point order of their names, so output never depends on hashing.
        var members: [(name: String, field: Field)] {
            guard let object = value?.objectValue else { return [] }
            return object.keys
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                .map { ($0, Field(object[$0])) }
        }

        /// Whether nothing useful is here: missing or null.
        var isAbsent: Bool {
            switch value {
            case .none, .some(.null): true
            default: false
            }
        }

        /// The value as plain text for a table cell: counts with digit groups, a dash for nothing.
        var text: String {
            switch value {
            case .none, .some(.null): "—"
            case .some(.string(let string)): string
            case .some(.integer(let number)): grouped(Int(number))
            case .some(.bool(let flag)): flag ? "yes" : "no"
            case .some(let other): other.canonicalText
            }
        }

        /// The integer, or zero: for counts that add up into charts.
        var count: Int { int ?? 0 }
    }
}
