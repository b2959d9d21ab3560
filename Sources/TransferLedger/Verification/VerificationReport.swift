import LedgerFormat

/// The outcome of verifying a ledger: every problem found, each naming the entry and the check.
///
/// A tampered ledger is data, not an error: the verifier always finishes and reports all it found.
public struct VerificationReport: Sendable, Equatable {
    /// One thing wrong with the ledger.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The check that failed.
        public enum Check: String, Sendable {
            /// The database's layout or schema version.
            case schema
            /// Sequence numbers: a gap, a repeat, an entry out of order.
            case sequence
            /// An entry's hash does not match its canonical bytes.
            case hash
            /// An entry's previous hash is not its predecessor's hash.
            case link
            /// A recorded time out of order or not canonical.
            case recordedTime = "recorded-time"
            /// A payload that does not decode or is not canonical for its kind.
            case payload
            /// The queryable columns disagree with the hashed payload.
            case projection
            /// Stored Merkle nodes, or the tree against a checkpoint.
            case merkle
            /// A checkpoint's signature, size or root.
            case checkpoint
            /// A registry fact or region table that breaks the registry's rules.
            case registry
            /// A recorded verdict that differs from a replay of its rule set (`policy: true`).
            case policy
        }

        /// The entry concerned; nil for problems with the file as a whole.
        public let seq: UInt64?
        /// The check that failed.
        public let check: Check
        /// What is wrong, with the stored and expected values where there are any.
        public let message: String

        /// A problem found by `check` at `seq`.
        package init(seq: UInt64?, check: Check, message: String) {
            self.seq = seq
            self.check = check
            self.message = message
        }

        /// `entry N: message [check]`, the line `ledger verify` prints.
        public var description: String {
            (seq.map { "entry \($0): " } ?? "ledger: ") + message + " [\(check.rawValue)]"
        }
    }

    /// The number of entries read.
    public var entriesChecked: UInt64 = 0
    /// The hash of the last entry read: the tip an auditor can write down.
    public var tipHash: Digest?
    /// Every problem found, in the order found.
    public var problems: [Problem] = []

    /// True when no problem was found.
    public var isIntact: Bool { problems.isEmpty }
    /// With `verify --policy`: the derived compliance checks (BCR transfers before membership, onward
    /// transfers without a parent, overdue TIAs in use). Findings, not integrity problems.
    public var policyFindings: [DerivedFinding] = []
    /// Whether the policy replay ran.
    public var policyChecked = false

    /// An empty report.
    package init() {}
}
