#if canImport(Glibc)
internal import Glibc
#endif

/// The spellings of one code type as bytes, so stored codes are matched without creating a String
/// and without `init(rawValue:)`'s string switch.
///
/// The tables are process-wide constants, built once per code type and never freed, in raw memory:
/// looking a code up then retains nothing, so the threads that decode payloads side by side do not
/// contend on the reference counts of shared arrays (which cost more than the lookups themselves).
package struct CodeTable<Code: LedgerCode>: @unchecked Sendable {
    /// Every spelling, back to back, in declaration order.
    private let text: UnsafeBufferPointer<UInt8>
    /// Where each code's spelling starts in `text`, and how long it is.
    private let spans: UnsafeBufferPointer<(start: Int, count: Int)>
    private let codes: UnsafeBufferPointer<Code>

    package init() {
        let codes = Array(Code.allCases)
        let spellings = codes.map { Array($0.rawValue.utf8) }
        var start = 0
        let spans = spellings.map { spelling in
            defer { start += spelling.count }
            return (start: start, count: spelling.count)
        }
        self.text = Self.immortal(spellings.flatMap { $0 })
        self.spans = Self.immortal(spans)
        self.codes = Self.immortal(codes)
    }

    /// A copy of `values` that lives as long as the process.
    private static func immortal<Value>(_ values: [Value]) -> UnsafeBufferPointer<Value> {
        let buffer = UnsafeMutableBufferPointer<Value>.allocate(capacity: max(values.count, 1))
        _ = buffer.initialize(from: values)
        return UnsafeBufferPointer(rebasing: buffer[..<values.count])
    }

    /// The code's position in declaration order (`allCases`).
    package func index(of code: Code) -> Int {
        codes.firstIndex(of: code) ?? codes.count
    }

    /// The code spelt exactly `text`, or nil.
    package func code(spelledBy candidate: UnsafeBufferPointer<UInt8>) -> Code? {
        guard let candidateStart = candidate.baseAddress, let base = text.baseAddress else { return nil }
        // Lengths first: they rule out almost every other spelling without reading a byte.
        for index in spans.indices where spans[index].count == candidate.count {
            if memcmp(base + spans[index].start, candidateStart, candidate.count) == 0 { return codes[index] }
        }
        return nil
    }
}

extension [UInt8] {
    /// Whether these bytes are exactly `other`: one `memcmp` instead of a generic element loop.
    func isEqual(to other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBufferPointer { mine in
            guard let left = mine.baseAddress, let right = other.baseAddress else { return true }
            return memcmp(left, right, count) == 0
        }
    }
}

/// A code the canonical reader decodes from bytes through its table.
package protocol CanonicalCode: LedgerCode {
    static var codeTable: CodeTable<Self> { get }
}

extension PartyRole: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension TransferMechanism: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension TransferKind: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension Frequency: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension SccModule: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension SpecialCategory: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension Art9Condition: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension DataCategory: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension Purpose: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension SubjectCategory: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension CountBand: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension SupplementaryMeasure: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension Region: CanonicalCode { package static let codeTable = CodeTable<Self>() }
extension ValidationStatus: CanonicalCode { package static let codeTable = CodeTable<Self>() }
