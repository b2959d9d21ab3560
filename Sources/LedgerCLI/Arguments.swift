/// One option a command accepts: a flag when `value` is nil, else an option taking a value.
struct OptionSpec: Sendable {
    let name: String
    let value: String?
    let help: String

    init(_ name: String, value: String? = nil, help: String) {
        self.name = name
        self.value = value
        self.help = help
    }

    /// `--db` is accepted by every command that opens a ledger.
    static let database = OptionSpec("--db", value: "PATH", help: "The ledger file (default: $LEDGER_DB, else ./transfers.ledger).")

    /// `--quiet` is accepted by every command that shows progress on a terminal.
    static let quiet = OptionSpec("--quiet", help: "Show no progress on standard error.")

    /// `--wide` is accepted by every command that prints a table.
    static let wide = OptionSpec("--wide", help: "Show tables whole on a terminal; by default the widest columns are cut to fit it.")
}

/// A command line split into options, flags and positional arguments, checked against a command's spec.
struct Arguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    /// Whether a standalone `-h` or `--help` asked for the command's help; parsing stops there.
    private(set) var helpRequested = false

    init(_ arguments: [String], options: [OptionSpec]) throws(CommandFailure) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            // Only here, where an argument stands alone: as an option's value (`--db -h`) it is a value.
            if !onlyPositionals, argument == "-h" || argument == "--help" {
                helpRequested = true
                return
            }
            if onlyPositionals || !argument.hasPrefix("--") {
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                throw .usage(Suggestion.message("unknown option '\(name)'", for: name, among: options.map(\.name) + ["--help"]))
            }
            guard spec.value != nil else {
                guard inlineValue == nil else { throw .usage("\(name) takes no value") }
                flags.insert(name)
                continue
            }
            if let inlineValue {
                values[name, default: []].append(inlineValue)
            } else {
                guard index < arguments.count else { throw .usage("\(name) needs a value (\(spec.value ?? "VALUE"))") }
                values[name, default: []].append(arguments[index])
                index += 1
            }
        }
    }

    /// The option's value; the last one when it was given several times.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of an option that may be repeated, such as `--key`.
    func allValues(_ name: String) -> [String] { values[name] ?? [] }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The ledger path: `--db`, else `$LEDGER_DB`, else `./transfers.ledger`.
    var databasePath: String {
        value("--db") ?? Environment.value("LEDGER_DB") ?? "transfers.ledger"
    }

    /// The option's value as a whole number within `range`, or nil when the option is absent; anything
    /// else, overflow included, is a usage error naming the option and the range.
    func number<Number: FixedWidthInteger>(_ name: String, in range: ClosedRange<Number>) throws(CommandFailure) -> Number? {
        try value(name).map { (text) throws(CommandFailure) in try Self.number(text, named: name, in: range) }
    }

    /// `text` as a whole number within `range`; `label` names it in the usage error otherwise.
    static func number<Number: FixedWidthInteger>(_ text: String, named label: String, in range: ClosedRange<Number>) throws(CommandFailure) -> Number {
        guard let number = Number(text, radix: 10), range.contains(number) else {
            throw .usage("\(label) '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Sequence numbers and tree sizes: SQLite stores them as signed 64-bit integers.
    static let positions: ClosedRange<UInt64> = 0...UInt64(Int64.max)

    /// Fails unless there are at most `count` positional arguments.
    func expectPositionals(atMost count: Int) throws(CommandFailure) {
        guard positionals.count <= count else {
            throw .usage("unexpected argument '\(positionals[count])'")
        }
    }
}
