/// Newline-delimited JSON input: one transfer per line, as services in any language write it.
package enum NDJSON {
    /// Decodes every non-blank line of `bytes` as a transfer, with its 1-based line number; the first
    /// bad line throws an error that names its line, so nothing of a bad input is ever recorded.
    public static func transfers(in bytes: [UInt8]) throws(RecordError) -> [(line: Int, transfer: Transfer)] {
        try records(in: bytes, decode: Transfer.init(jsonBytes:)).map { ($0.line, $0.record) }
    }

    /// Decodes every non-blank line of `bytes` with `decode` (corrections, government access requests,
    /// …), with its 1-based line number; the first bad line throws an error that names its line.
    public static func records<Record>(in bytes: [UInt8], decode: ([UInt8]) throws(RecordError) -> Record) throws(RecordError) -> [(line: Int, record: Record)] {
        var records: [(line: Int, record: Record)] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var line = Array(bytes[start..<end])
            if line.last == 0x0D { line.removeLast() }
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                records.append((lineNumber, try decode(line)))
            } catch {
                throw error.inRecord(lineNumber)
            }
        }
        return records
    }

    /// Parses one line of JSON, as a syntax error naming no field when it is not JSON.
    public static func json(_ line: [UInt8]) throws(RecordError) -> JSONValue {
        do {
            return try JSONParser.parse(line)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "\(error)")
        }
    }
}

extension Transfer {
    /// Decodes one transfer from its JSON text, checking its shape (not yet its structural rules).
    package init(jsonBytes bytes: [UInt8]) throws(RecordError) {
        try self.init(json: NDJSON.json(bytes))
    }
}
