import TransferLedger

/// Informational: per-entry cost of the library's CPU stages, timed one by one through the public API
/// on `count` sample transfers (median of 3 passes each). Attributes the gaps to the baselines.
func benchmarkComponents(_ run: Run) {
    let transfers = Array(run.bulk.prefix(20_000))
    let count = Double(transfers.count)
    let reference = ReferenceData.embedded
    let hasher = SHA256()
    let referenceHex = reference.version.hex
    let recordedAt = Timestamp(microseconds: 1_780_000_000_123_456).rfc3339
    var sink = 0

    // Inputs for the later stages, built untimed.
    let values = transfers.map(\.jsonValue)
    let payloads: [[UInt8]] = transfers.map { transfer in
        guard case .object(var members) = transfer.jsonValue,
              let region = reference.region(of: transfer.destination, at: transfer.occurredAt) else { return [] }
        members["region"] = .string(region.rawValue)
        members["referenceData"] = .string(referenceHex)
        return CanonicalJSON.encode(.object(members))
    }
    let entries = payloads.enumerated().map { seq, payload in
        EntryEncoding.canonicalBytes(format: EntryEncoding.version, seq: UInt64(seq), kind: .transfer, recordedAt: recordedAt, previousHash: .zero, payload: payload)
    }

    func measure(_ name: String, _ body: () -> Void) -> Double {
        var samples: [Double] = []
        for _ in 0..<3 { samples.append(time(body) / count * 1e6) }
        let median = Sample(values: samples).median
        result("component_\(name)_us", median, digits: 2)
        return median
    }
    let stages: [(String, String, Double)] = [
        ("structural_check", "StructuralRules.check (incl. region lookup)",
         measure("structural_check") { for t in transfers { sink &+= (try? StructuralRules.check(t, referenceData: reference)) == nil ? 0 : 1 } }),
        ("region_lookup", "  of which ReferenceData.region(of:at:)",
         measure("region_lookup") { for t in transfers { sink &+= reference.region(of: t.destination, at: t.occurredAt) == nil ? 0 : 1 } }),
        ("json_value", "Transfer.jsonValue (dictionary build)",
         measure("json_value") { for t in transfers { if case .object(let m) = t.jsonValue { sink &+= m.count } } }),
        ("canonical_encode", "CanonicalJSON.encode of that value",
         measure("canonical_encode") { for v in values { sink &+= CanonicalJSON.encode(v).count } }),
        ("rfc3339", "Timestamp.rfc3339 (×1)",
         measure("rfc3339") { for t in transfers { sink &+= t.occurredAt.rfc3339.utf8.count } }),
        ("entry_framing", "EntryEncoding.canonicalBytes",
         measure("entry_framing") { for p in payloads { sink &+= EntryEncoding.canonicalBytes(format: EntryEncoding.version, seq: 1, kind: .transfer, recordedAt: recordedAt, previousHash: .zero, payload: p).count } }),
        ("leaf_hash", "SHA256.leafHash of the entry bytes",
         measure("leaf_hash") { for e in entries { sink &+= Int(hasher.leafHash(e).bytes[0]) } }),
        ("json_parse", "JSONParser.parse of a stored payload",
         measure("json_parse") { for p in payloads { if case .object(let m)? = try? JSONParser.parse(p) { sink &+= m.count } } }),
    ]
    let payloadBytes = Double(payloads.reduce(0) { $0 + $1.count }) / count
    notes.append(String(format: "component costs per entry (µs, %d transfers, payload %.0f B):", transfers.count, payloadBytes)
                 + stages.map { String(format: " %@ %.2f;", $0.1, $0.2) }.joined())
    if sink == 42 { print("") }
}
