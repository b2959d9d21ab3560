import TransferLedger

/// Valid transfers and their JSON, for tests to start from and change one thing at a time.
enum Fixture {
    /// The instant `text` denotes; fixture times are literals, so a bad one is a bug in the test.
    static func time(_ text: String) -> Timestamp {
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            preconditionFailure("fixture time '\(text)': \(error)")
        }
    }

    /// A valid transfer with every mandatory field; parameters cover what the query tests vary.
    static func transfer(
        key: String,
        at occurredAt: String = "2026-03-02T10:00:00Z",
        exporter: Party = Party(entity: "NW-FR", role: .controller),
        importer: Party = Party(entity: "NW-IN", role: .processor),
        destination: String = "IN",
        mechanism: TransferMechanism = .sccCommission,
        dataCategories: [DataCategory] = [.identity, .contact],
        specialCategories: [SpecialCategory] = [],
        notes: String? = nil
    ) -> Transfer {
        var transfer = Transfer(
            occurredAt: time(occurredAt), exporter: exporter, importer: importer, destination: destination,
            mechanism: mechanism, purposes: [.hrAdministration], dataCategories: dataCategories,
            subjectCategories: [.employee], specialCategories: specialCategories, criminalData: false,
            subjectCount: .b101_1k, loggedBy: "svc:test", idempotencyKey: key)
        transfer.notes = notes
        if !specialCategories.isEmpty { transfer.art9Condition = .b }
        return transfer
    }

    /// `count` distinct valid transfers, keys `prefix-0`, `prefix-1`, … an hour apart.
    static func transfers(_ count: Int, prefix: String = "key") -> [Transfer] {
        let start = time("2026-03-02T00:00:00Z").microseconds
        return (0..<count).map { index in
            var transfer = transfer(key: "\(prefix)-\(index)")
            transfer.occurredAt = Timestamp(microseconds: start + Int64(index) * 3_600_000_000)
            return transfer
        }
    }

    /// A transfer with every optional field set, to prove nothing is lost between Swift, JSON and SQLite.
    static var fullyPopulated: Transfer {
        var transfer = transfer(key: "full-1", destination: "US", mechanism: .sccCommission,
                                dataCategories: [.identity, .financial, .location], specialCategories: [.health, .geneticData])
        transfer.mechanismRef = "SCC-CLOUDCO-2023"
        transfer.windowEnd = time("2026-03-02T11:00:00.123456Z")
        transfer.transferKind = .onward
        transfer.frequency = .periodic
        transfer.onBehalfOf = "CLIENT-ACME-DE"
        transfer.sccModule = .p2p
        transfer.tiaRef = "TIA-US-2025-02"
        transfer.supplementaryMeasures = [.encryptionKeysInEEA, .transportEncryption]
        transfer.art9Condition = .h
        transfer.criminalData = true
        transfer.art10Basis = "Member State law, art. 10"
        transfer.contractRefs = ["DPA-1", "CSA-2"]
        transfer.notes = "Zürich → München, \"quoted\", back\\slash,\nsecond line\tend 😀"
        return transfer
    }

    /// The JSON text of a valid transfer, written by hand rather than by the library's encoder.
    static let validJSONText = """
        {
          "occurredAt": "2026-03-02T10:00:00Z",
          "exporter": {"entity": "NW-FR", "role": "controller"},
          "importer": {"entity": "NW-IN", "role": "processor"},
          "destination": "IN",
          "mechanism": "sccCommission",
          "mechanismRef": "SCC-IG-2022",
          "sccModule": "c2p",
          "windowEnd": "2026-03-02T11:00:00Z",
          "purposes": ["hrAdministration"],
          "dataCategories": ["identity", "contact"],
          "subjectCategories": ["employee"],
          "specialCategories": [],
          "criminalData": false,
          "subjectCount": "b101_1k",
          "loggedBy": "svc:test",
          "idempotencyKey": "json-1",
          "contractRefs": ["DPA-1"],
          "notes": "hand-written"
        }
        """

    /// The members of `validJSONText`.
    static var validJSON: JSONObject {
        guard let members = try? JSONParser.parse(validJSONText).objectValue else {
            preconditionFailure("Fixture.validJSONText is not a JSON object")
        }
        return members
    }
}

extension JSONObject {
    /// Changes the object member `name` in place.
    mutating func nested(_ name: String, _ change: (inout JSONObject) -> Void) {
        var members = self[name]?.objectValue ?? [:]
        change(&members)
        self[name] = .object(members)
    }
}

extension Ledger {
    /// Every recorded transfer's idempotency key, oldest first.
    func keys(matching query: TransferQuery = TransferQuery()) throws -> [String] {
        try transfers(matching: query).map(\.transfer.idempotencyKey)
    }
}
