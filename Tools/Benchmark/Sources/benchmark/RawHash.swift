import BenchCrypto
import Foundation
import TransferLedger

/// SHA-256 through OpenSSL EVP with a pre-fetched algorithm and one reused context: the fastest
/// EVP route (performance-limits.md §1), the baseline's hash.
final class RawHasher {
    private let algorithm: OpaquePointer
    private let context: OpaquePointer

    init() {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil), let context = EVP_MD_CTX_new() else {
            fail("no SHA-256 in libcrypto")
        }
        self.algorithm = algorithm
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
        EVP_MD_free(algorithm)
    }

    /// SHA-256 of `bytes` into `digest` (32 bytes).
    @inline(__always)
    func hash(_ bytes: UnsafeRawBufferPointer, into digest: UnsafeMutablePointer<UInt8>) {
        var length: UInt32 = 0
        EVP_DigestInit_ex2(context, algorithm, nil)
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
        EVP_DigestFinal_ex(context, digest, &length)
    }

    /// SHA-256(0x00 ‖ header ‖ payload) into `digest` (32 bytes).
    @inline(__always)
    func leafHash(header: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, into digest: UnsafeMutablePointer<UInt8>) {
        var prefix: UInt8 = 0
        var length: UInt32 = 0
        EVP_DigestInit_ex2(context, algorithm, nil)
        EVP_DigestUpdate(context, &prefix, 1)
        EVP_DigestUpdate(context, header.baseAddress, header.count)
        EVP_DigestUpdate(context, payload.baseAddress, payload.count)
        EVP_DigestFinal_ex(context, digest, &length)
    }
}

/// The raw verify's chain check: the leaf hash of an entry's canonical bytes (FORMAT.md §1.1 framing:
/// version ‖ seq u64 BE ‖ len kind ‖ kind ‖ len time ‖ time ‖ prev (32) ‖ u32 BE length ‖ body, after
/// the leaf prefix 0x00, where the body is the payload in format 1, and in format 2 the stub header
/// followed by SHA-256 of the payload) compared with the stored hash, and the link with the hash before.
final class ChainChecker {
    private let hasher = RawHasher()
    private var header = [UInt8](repeating: 0, count: 512)
    private var digest = [UInt8](repeating: 0, count: 32)
    private var payloadDigest = [UInt8](repeating: 0, count: 32)
    private var previous = [UInt8](repeating: 0, count: 32)
    private var stub = RawStubHeader()

    /// Whether the entry's hash and link are right.
    func check(format: UInt8, seq: UInt64, kind: UnsafeRawBufferPointer, recordedAt: UnsafeRawBufferPointer, previousHash: UnsafeRawBufferPointer,
               hash storedHash: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) -> Bool {
        var body = payload
        if format == 2 {
            guard stub.read(kind: kind, payload: payload) else { return false }
            payloadDigest.withUnsafeMutableBufferPointer { hasher.hash(payload, into: $0.baseAddress!) }
        }
        let bodyCount = format == 2 ? stub.bytes.count : payload.count
        let headerCount = header.withUnsafeMutableBytes { out -> Int in
            var i = 0
            out[i] = format; i += 1
            for shift in stride(from: 56, through: 0, by: -8) { out[i] = UInt8(truncatingIfNeeded: seq >> UInt64(shift)); i += 1 }
            out[i] = UInt8(kind.count); i += 1
            out.baseAddress!.advanced(by: i).copyMemory(from: kind.baseAddress!, byteCount: kind.count); i += kind.count
            out[i] = UInt8(recordedAt.count); i += 1
            out.baseAddress!.advanced(by: i).copyMemory(from: recordedAt.baseAddress!, byteCount: recordedAt.count); i += recordedAt.count
            out.baseAddress!.advanced(by: i).copyMemory(from: previousHash.baseAddress!, byteCount: 32); i += 32
            let length = UInt32(bodyCount)
            for shift in stride(from: 24, through: 0, by: -8) { out[i] = UInt8(truncatingIfNeeded: length >> UInt32(shift)); i += 1 }
            if format == 2 {
                stub.bytes.withUnsafeBytes { out.baseAddress!.advanced(by: i).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                i += stub.bytes.count
                payloadDigest.withUnsafeBytes { out.baseAddress!.advanced(by: i).copyMemory(from: $0.baseAddress!, byteCount: 32) }
                i += 32
                body = UnsafeRawBufferPointer(start: nil, count: 0)
            }
            return i
        }
        header.withUnsafeBytes { headerBytes in
            digest.withUnsafeMutableBufferPointer { out in
                hasher.leafHash(header: UnsafeRawBufferPointer(rebasing: headerBytes[..<headerCount]), payload: body, into: out.baseAddress!)
            }
        }
        let intact = memcmp(digest, storedHash.baseAddress!, 32) == 0 && memcmp(previous, previousHash.baseAddress!, 32) == 0
        digest.withUnsafeBytes { source in previous.withUnsafeMutableBytes { $0.copyMemory(from: source) } }
        return intact
    }
}

/// The stub header of a format-2 entry (FORMAT.md §1.3) read the raw way: the top-level members of a
/// canonical transfer payload are found by skipping values byte by byte, and the kept values' bytes
/// are copied as they are (canonical JSON spells a string one way). Other kinds with a header of
/// their own (corrections, government access requests) are rare; they go through the library.
struct RawStubHeader {
    private(set) var bytes: [UInt8] = []
    private var values: [(name: StaticString, range: Range<Int>)] = []

    /// Reads the header of an entry of `kind` with `payload` into `bytes`; false when it has none.
    mutating func read(kind: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        switch String(decoding: kind, as: UTF8.self) {
        case "transfer":
            return readTransfer(payload)
        case "correction", "govAccessRequest":
            guard let header = StubHeader.bytes(kind: EntryKind(rawValue: String(decoding: kind, as: UTF8.self)), payload: Array(payload)) else { return false }
            bytes = header
            return true
        default:
            bytes.append(contentsOf: Array("{}".utf8))
            return true
        }
    }

    private mutating func readTransfer(_ payload: UnsafeRawBufferPointer) -> Bool {
        var found: [String: Range<Int>] = [:]
        guard Self.forEachMember(payload, in: 0..<payload.count, { name, value in
            switch name {
            case "destination", "occurredAt", "onBehalfOf", "region": found[name] = value
            case "exporter", "importer":
                _ = Self.forEachMember(payload, in: value) { inner, entity in if inner == "entity" { found[name] = entity } }
            default: break
            }
        }) else { return false }
        bytes.append(UInt8(ascii: "{"))
        for name in ["destination", "exporter", "importer", "occurredAt", "onBehalfOf", "region"] {
            guard let range = found[name] else {
                if name == "onBehalfOf" { continue }
                return false
            }
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: Array("\":".utf8))
            bytes.append(contentsOf: payload[range])
        }
        bytes.append(UInt8(ascii: "}"))
        return true
    }

    /// Calls `body` with each member's name and value range of the object at `range`; false when the
    /// bytes there are not an object this scan understands.
    private static func forEachMember(_ p: UnsafeRawBufferPointer, in range: Range<Int>, _ body: (String, Range<Int>) -> Void) -> Bool {
        var i = range.lowerBound
        guard i < range.upperBound, p[i] == UInt8(ascii: "{") else { return false }
        i += 1
        if i < range.upperBound, p[i] == UInt8(ascii: "}") { return true }
        while i < range.upperBound {
            guard p[i] == UInt8(ascii: "\"") else { return false }
            let nameStart = i + 1
            guard let nameEnd = skipString(p, from: i, limit: range.upperBound) else { return false }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: p[nameStart..<nameEnd - 1]), as: UTF8.self)
            i = nameEnd
            guard i < range.upperBound, p[i] == UInt8(ascii: ":") else { return false }
            let valueStart = i + 1
            guard let valueEnd = skipValue(p, from: valueStart, limit: range.upperBound) else { return false }
            body(name, valueStart..<valueEnd)
            i = valueEnd
            guard i < range.upperBound else { return false }
            if p[i] == UInt8(ascii: "}") { return true }
            guard p[i] == UInt8(ascii: ",") else { return false }
            i += 1
        }
        return false
    }

    /// The index just past the string that starts at `start` (its opening quote).
    private static func skipString(_ p: UnsafeRawBufferPointer, from start: Int, limit: Int) -> Int? {
        var i = start + 1
        while i < limit {
            switch p[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// The index just past the value that starts at `start`.
    private static func skipValue(_ p: UnsafeRawBufferPointer, from start: Int, limit: Int) -> Int? {
        guard start < limit else { return nil }
        switch p[start] {
        case UInt8(ascii: "\""):
            return skipString(p, from: start, limit: limit)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0, i = start
            while i < limit {
                switch p[i] {
                case UInt8(ascii: "\""):
                    guard let end = skipString(p, from: i, limit: limit) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < limit, p[i] != UInt8(ascii: ","), p[i] != UInt8(ascii: "}"), p[i] != UInt8(ascii: "]") { i += 1 }
            return i
        }
    }
}

var openSSLVersion: String { String(cString: OpenSSL_version(Int32(OPENSSL_VERSION))) }
