#if canImport(Glibc)
internal import Glibc
#endif

/// The spellings of one code type as bytes, so stored codes are matched without creating a String
/// and without `init(rawValue:)`'s string switch.
struct CodeTable<Code: LedgerCode>: Sendable {
    private let spellings: [(bytes: [UInt8], code: Code)]

    init() {
        spellings = Code.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    /// The code's position in declaration order (`allCases`).
    func index(of code: Code) -> Int {
        spellings.firstIndex { $0.code == code } ?? spellings.count
    }

    /// The code spelt exactly `text`, or nil.
    func code(spelledBy text: UnsafeBufferPointer<UInt8>) -> Code? {
        // Lengths first: they rule out almost every other spelling without reading a byte.
        for (bytes, code) in spellings where bytes.count == text.count && bytes.isEqual(to: text) {
            return code
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
protocol CanonicalCode: LedgerCode {
    static var codeTable: CodeTable<Self> { get }
}

extension PartyRole: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension TransferMechanism: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension TransferKind: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension Frequency: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension SccModule: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension SpecialCategory: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension Art9Condition: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension DataCategory: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension Purpose: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension SubjectCategory: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension CountBand: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension SupplementaryMeasure: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension Region: CanonicalCode { static let codeTable = CodeTable<Self>() }
extension ValidationStatus: CanonicalCode { static let codeTable = CodeTable<Self>() }
