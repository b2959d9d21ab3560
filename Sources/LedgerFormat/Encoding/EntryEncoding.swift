/// The canonical entry bytes of Schema/FORMAT.md §2, version 1: the exact input of the entry hash.
///
/// Binary framing, not JSON, so that the header fields can never be confused with the payload and a
/// verifier in any language needs nothing but length prefixes to rebuild them.
public enum EntryEncoding {
    /// The format version byte that starts every version-1 entry.
    public static let version: UInt8 = 1

    /// `version ‖ seq (u64 BE) ‖ len ‖ kind ‖ len ‖ recordedAt ‖ previousHash (32) ‖ u32 BE len ‖ payload`.
    public static func canonicalBytes(seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest, payload: [UInt8]) -> [UInt8] {
        withFields(kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: payload) { kind, recordedAt, previousHash, payload in
            withHeader(seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, payloadCount: payload.count) { header in
                Array(header) + payload
            }
        }
    }

    /// The leaf hash SHA-256(0x00 ‖ canonical entry bytes), hashed piece by piece: the payload is not
    /// copied behind its header first.
    package static func leafHash(seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest, payload: [UInt8], hasher: SHA256) -> Digest {
        withFields(kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: payload) { kind, recordedAt, previousHash, payload in
            leafHash(seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: payload, hasher: hasher)
        }
    }

    /// `leafHash` over stored columns as they are: a verifier frames exactly the bytes it read, so a
    /// tampered field of another length is hashed as `canonicalBytes` would frame it.
    package static func leafHash(seq: UInt64, kind: UnsafeBufferPointer<UInt8>, recordedAt: UnsafeBufferPointer<UInt8>,
                         previousHash: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>, hasher: SHA256) -> Digest {
        withHeader(seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, payloadCount: payload.count) { header in
            hasher.begin()
            withUnsafeBytes(of: UInt8(0x00)) { hasher.update($0) }
            hasher.update(header)
            hasher.update(UnsafeRawBufferPointer(payload))
            return hasher.end()
        }
    }

    /// Calls `body` with everything before the payload: version, sequence number, the two
    /// length-prefixed strings, the previous hash and the payload's length. A length byte frames at
    /// most 255 bytes; a longer field (never canonical) keeps its low byte, here as everywhere.
    private static func withHeader<Result>(seq: UInt64, kind: UnsafeBufferPointer<UInt8>, recordedAt: UnsafeBufferPointer<UInt8>,
                                           previousHash: UnsafeBufferPointer<UInt8>, payloadCount: Int,
                                           _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 + 8 + 1 + kind.count + 1 + recordedAt.count + previousHash.count + 4) { buffer in
            var count = 0
            func append(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func append(_ bytes: UnsafeBufferPointer<UInt8>) {
                for byte in bytes { append(byte) }
            }
            append(version)
            for shift in stride(from: 56, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: seq >> UInt64(shift))) }
            append(UInt8(truncatingIfNeeded: kind.count))
            append(kind)
            append(UInt8(truncatingIfNeeded: recordedAt.count))
            append(recordedAt)
            append(previousHash)
            let length = UInt32(truncatingIfNeeded: payloadCount)
            for shift in stride(from: 24, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
            return body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<count])))
        }
    }

    /// The fields of an entry being written, as the byte buffers `withHeader` frames.
    private static func withFields<Result>(kind: EntryKind, recordedAt: String, previousHash: Digest, payload: [UInt8],
                                           _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var kind = kind.rawValue, recordedAt = recordedAt
        return kind.withUTF8 { kind in
            recordedAt.withUTF8 { recordedAt in
                previousHash.withUnsafeBytes { previousHash in
                    payload.withUnsafeBufferPointer { payload in
                        body(kind, recordedAt, previousHash.assumingMemoryBound(to: UInt8.self), payload)
                    }
                }
            }
        }
    }
}
