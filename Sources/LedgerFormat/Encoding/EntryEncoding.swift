/// The canonical entry bytes of Schema/FORMAT.md §1.1: the exact input of the entry hash, in format
/// version 1 (the payload itself) or 2 (a stub header and the payload's digest, §1.3).
///
/// Binary framing, not JSON, so that the header fields can never be confused with the payload and a
/// verifier in any language needs nothing but length prefixes to rebuild them.
public enum EntryEncoding {
    /// The format version every new entry is written in.
    public static let version: UInt8 = 2
    /// The first format: the payload framed whole. Entries written before format 2 keep it.
    public static let payloadVersion: UInt8 = 1
    /// The format versions a verifier accepts.
    public static let versions: ClosedRange<UInt8> = 1...2

    /// `version ‖ seq (u64 BE) ‖ len ‖ kind ‖ len ‖ recordedAt ‖ previousHash (32) ‖ u32 BE len ‖ body`,
    /// where the body is the payload (format 1) or the stub header followed by SHA-256 of the payload
    /// (format 2). A format-2 payload that yields no header is framed with an empty header: its hash
    /// then matches no hash a writer stored, and the verifier reports the payload.
    public static func canonicalBytes(format: UInt8, seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest,
                                      payload: [UInt8]) -> [UInt8] {
        let body = format == payloadVersion ? payload : stubBody(header: StubHeader.bytes(kind: kind, payload: payload) ?? [],
                                                                   payloadDigest: SHA256.hash(payload))
        return withFields(kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: body) { kind, recordedAt, previousHash, body in
            withPrefix(format: format, seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, bodyCount: payloadCount(format, body)) { prefix in
                Array(prefix) + body
            }
        }
    }

    /// The format-2 bytes from a stub (FORMAT.md §22.1): the header as given and the payload's digest,
    /// which is all a report discloses of an entry it does not show.
    public static func canonicalBytes(seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest, header: [UInt8],
                                      payloadDigest: Digest) -> [UInt8] {
        let body = stubBody(header: header, payloadDigest: payloadDigest)
        return withFields(kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: body) { kind, recordedAt, previousHash, body in
            withPrefix(format: version, seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, bodyCount: header.count) { prefix in
                Array(prefix) + body
            }
        }
    }

    /// The leaf hash SHA-256(0x00 ‖ canonical entry bytes) of an entry being written in format
    /// `format`, hashed piece by piece: the payload is not copied behind its header first. Nil when a
    /// format-2 payload yields no stub header.
    package static func leafHash(format: UInt8, seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest,
                                 payload: [UInt8], header: [UInt8]? = nil, hasher: SHA256) -> Digest? {
        withFields(kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: payload) { kindBytes, recordedAt, previousHash, payloadBytes in
            leafHash(format: format, seq: seq, kind: kindBytes, recordedAt: recordedAt, previousHash: previousHash, payload: payloadBytes,
                     header: header, hasher: hasher)
        }
    }

    /// `leafHash` over stored columns as they are: a verifier frames exactly the bytes it read, so a
    /// tampered field of another length is hashed as `canonicalBytes` would frame it. Nil when a
    /// format-2 payload yields no stub header, or the format is not one of `versions`. A caller that
    /// holds the payload's values gives their `header` (`StubHeader.bytes(transfer:region:)`), which
    /// spares parsing the payload for it.
    package static func leafHash(format: UInt8, seq: UInt64, kind: UnsafeBufferPointer<UInt8>, recordedAt: UnsafeBufferPointer<UInt8>,
                                 previousHash: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>, header: [UInt8]? = nil,
                                 hasher: SHA256) -> Digest? {
        switch format {
        case payloadVersion:
            return withPrefix(format: format, seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, bodyCount: payload.count) { prefix in
                hasher.begin()
                withUnsafeBytes(of: UInt8(0x00)) { hasher.update($0) }
                hasher.update(prefix)
                hasher.update(UnsafeRawBufferPointer(payload))
                return hasher.end()
            }
        case version:
            // Read straight from canonical bytes when it can be (a copy, a correction's verify),
            // parsed in general otherwise.
            let entryKind = EntryKind(rawValue: String(decoding: kind, as: UTF8.self))
            guard let header = header ?? StubHeader.canonicalHeader(kind: entryKind, payload: payload)?.bytes
                    ?? StubHeader.bytes(kind: entryKind, payload: Array(payload)) else {
                return nil
            }
            hasher.begin()
            hasher.update(UnsafeRawBufferPointer(payload))
            let digest = hasher.end()
            return withPrefix(format: format, seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, bodyCount: header.count) { prefix in
                hasher.begin()
                withUnsafeBytes(of: UInt8(0x00)) { hasher.update($0) }
                hasher.update(prefix)
                header.withUnsafeBytes { hasher.update($0) }
                digest.withUnsafeBytes { hasher.update($0) }
                return hasher.end()
            }
        default:
            return nil
        }
    }

    /// The length the prefix states: the payload's (format 1) or the header's (format 2, whose body
    /// ends with the 32-byte digest).
    private static func payloadCount(_ format: UInt8, _ body: UnsafeBufferPointer<UInt8>) -> Int {
        format == payloadVersion ? body.count : body.count - Digest.byteCount
    }

    /// A format-2 body: the header, then the payload's digest.
    private static func stubBody(header: [UInt8], payloadDigest: Digest) -> [UInt8] {
        header + payloadDigest.withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with everything before the payload (format 1) or the header (format 2): version,
    /// sequence number, the two length-prefixed strings, the previous hash and the length that
    /// follows. A length byte frames at most 255 bytes; a longer field (never canonical) keeps its low
    /// byte, here as everywhere.
    private static func withPrefix<Result>(format: UInt8, seq: UInt64, kind: UnsafeBufferPointer<UInt8>, recordedAt: UnsafeBufferPointer<UInt8>,
                                           previousHash: UnsafeBufferPointer<UInt8>, bodyCount: Int,
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
            append(format)
            for shift in stride(from: 56, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: seq >> UInt64(shift))) }
            append(UInt8(truncatingIfNeeded: kind.count))
            append(kind)
            append(UInt8(truncatingIfNeeded: recordedAt.count))
            append(recordedAt)
            append(previousHash)
            let length = UInt32(truncatingIfNeeded: bodyCount)
            for shift in stride(from: 24, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
            return body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<count])))
        }
    }

    /// The fields of an entry being written, as the byte buffers `withPrefix` frames.
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
