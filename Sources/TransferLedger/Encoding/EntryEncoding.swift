/// The canonical entry bytes of Schema/FORMAT.md §2, version 1: the exact input of the entry hash.
///
/// Binary framing, not JSON, so that the header fields can never be confused with the payload and a
/// verifier in any language needs nothing but length prefixes to rebuild them.
public enum EntryEncoding {
    /// The format version byte that starts every version-1 entry.
    public static let version: UInt8 = 1

    /// `version ‖ seq (u64 BE) ‖ len ‖ kind ‖ len ‖ recordedAt ‖ previousHash (32) ‖ u32 BE len ‖ payload`.
    public static func canonicalBytes(seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest, payload: [UInt8]) -> [UInt8] {
        let kindBytes = Array(kind.rawValue.utf8)
        let timeBytes = Array(recordedAt.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 + 8 + 1 + kindBytes.count + 1 + timeBytes.count + 32 + 4 + payload.count)
        bytes.append(version)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: seq >> UInt64(shift))) }
        bytes.append(UInt8(truncatingIfNeeded: kindBytes.count))
        bytes.append(contentsOf: kindBytes)
        bytes.append(UInt8(truncatingIfNeeded: timeBytes.count))
        bytes.append(contentsOf: timeBytes)
        previousHash.withUnsafeBytes { bytes.append(contentsOf: $0) }
        let length = UInt32(truncatingIfNeeded: payload.count)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        bytes.append(contentsOf: payload)
        return bytes
    }
}
