/// Newline-delimited JSON input: one transfer per line, as services in any language write it.
public enum NDJSON {
    /// Decodes every non-blank line of `bytes` as a transfer, with its 1-based line number; the first
    /// bad line throws an error that names its line, so nothing of a bad input is ever recorded.
    public static func transfers(in bytes: [UInt8]) throws(RecordError) -> [(line: Int, transfer: Transfer)] {
        var transfers: [(line: Int, transfer: Transfer)] = []
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
                transfers.append((lineNumber, try Transfer(jsonBytes: line)))
            } catch {
                throw error.inRecord(lineNumber)
            }
        }
        return transfers
    }
}

extension Transfer {
    /// Decodes one transfer from its JSON text, checking its shape (not yet its structural rules).
    public init(jsonBytes bytes: [UInt8]) throws(RecordError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "\(error)")
        }
        try self.init(json: json)
    }
}
