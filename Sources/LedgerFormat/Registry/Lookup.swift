/// The answer to a temporal registry question: in force on the day, known but not in force, or unknown.
package enum Lookup<Fact: Sendable>: Sendable {
    /// The fact governs the day and is in force.
    case inForce(Fact)
    /// The id is known but nothing is in force on the day; carries the version that expired, or the
    /// earliest version when none had started yet, so findings can name its validity.
    case notInForce(Fact)
    /// The registry has never heard of the id.
    case unknown

    /// The fact in force, or nil.
    public var inForce: Fact? {
        if case .inForce(let fact) = self { fact } else { nil }
    }

    /// The fact in force or, failing that, the version that explains why none is: nil when unknown.
    public var known: Fact? {
        switch self {
        case .inForce(let fact), .notInForce(let fact): fact
        case .unknown: nil
        }
    }
}

extension Lookup: Equatable where Fact: Equatable {}
