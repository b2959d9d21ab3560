extension TransferPayload {
    /// Decodes a payload and private document in canonical form with a throwaway decoder; nil for
    /// anything else. See `PayloadDecoder.decodeCanonical(payload:document:)`.
    package static func decodeCanonical(bytes: [UInt8], privateDocument: [UInt8], hasher: SHA256) -> TransferPayload? {
        let decoder = PayloadDecoder(hasher: hasher, remembering: false)
        return bytes.withUnsafeBufferPointer { payload in
            privateDocument.withUnsafeBufferPointer { document in decoder.decodeCanonical(payload: payload, document: document) }
        }
    }
}

/// Decodes stored transfer payloads, keeping what one thread reuses between them: its hasher and
/// the values it has already read (verdicts, parties, references, code lists), which a ledger repeats
/// from entry to entry. One per thread (it holds a non-Sendable hasher).
package final class PayloadDecoder {
    package let hasher: SHA256
    private var verdicts: SpellingCache<PolicyVerdict>
    private var parties: SpellingCache<Party>
    /// References and service names (`mechanismRef`, `tiaRef`, `loggedBy`, …), not the per-entry
    /// `idempotencyKey` and `notes`.
    private var texts: SpellingCache<String>
    private var textLists: SpellingCache<[String]>
    private var purposes: SpellingCache<[Purpose]>
    private var dataCategories: SpellingCache<[DataCategory]>
    private var subjectCategories: SpellingCache<[SubjectCategory]>
    private var specialCategories: SpellingCache<[SpecialCategory]>
    private var measures: SpellingCache<[SupplementaryMeasure]>
    /// The last `referenceData` read: one table version covers long runs of entries.
    private var lastReferenceData: (hex: [UInt8], digest: Digest)?
    /// The last `timestamp(spelledBy:)`.
    private var lastTimestamp: (spelling: [UInt8], time: Timestamp)?

    /// With `remembering` false the decoder keeps no values: for one payload, allocating the caches'
    /// slots (tens of KB) costs more than any value saves. The intake's receipts measured it: client
    /// CPU per single append rose from ~0.36 to ~0.51 ms while every one-off decode filled caches.
    package init(hasher: SHA256 = SHA256(), remembering: Bool = true) {
        self.hasher = hasher
        let slots = remembering ? 256 : 0
        verdicts = SpellingCache(slots: remembering ? 1_024 : 0)
        parties = SpellingCache(slots: slots)
        texts = SpellingCache(slots: slots)
        textLists = SpellingCache(slots: slots)
        purposes = SpellingCache(slots: slots)
        dataCategories = SpellingCache(slots: slots)
        subjectCategories = SpellingCache(slots: slots)
        specialCategories = SpellingCache(slots: slots)
        measures = SpellingCache(slots: slots)
    }

    /// Decodes a stored payload and private document from borrowed bytes (a batch buffer, SQLite's
    /// column memory): in one pass when canonical, else through the general decoder, which names any
    /// problem. Says which: when `isCanonical` is true, re-encoding the result gives back exactly these
    /// bytes (the fast reader accepts canonical bytes only; a property test checks it against the
    /// encoder); when it is false, a caller that needs canonical form must compare the re-encoding.
    package func decode(payload: UnsafeBufferPointer<UInt8>, document: UnsafeBufferPointer<UInt8>) throws(RecordError)
        -> (payload: TransferPayload, isCanonical: Bool) {
        if let fast = decodeCanonical(payload: payload, document: document) { return (fast, true) }
        return (try TransferPayload(decodingInGeneral: Array(payload), privateDocument: Array(document)), false)
    }

    /// Decodes a payload and private document in canonical form, in one pass over their bytes, with
    /// the document's digest checked against the payload's commitment. Returns nil for anything else
    /// (a member out of order, whitespace, a non-canonical escape, number or timestamp, an unknown or
    /// missing member); the general decoder then reports the problem. A successful decode proves
    /// canonical form: every value it accepts has exactly one spelling, the one read.
    package func decodeCanonical(payload bytes: UnsafeBufferPointer<UInt8>, document: UnsafeBufferPointer<UInt8>) -> TransferPayload? {
        guard let (idempotencyKey, loggedBy, notes, salt) = decodePrivate(document) else { return nil }
        var reader = CanonicalReader(bytes)
        guard reader.beginObject() else { return nil }
        typealias Name = TransferPayloadNames
        // Each optional member: absent, or present and well formed; `nil` from a reader means malformed.
        func optional<T>(_ name: MemberName, _ read: (inout CanonicalReader) -> T?) -> T?? {
            guard reader.member(name) else { return .some(nil) }
            guard let value = read(&reader) else { return nil }
            return .some(value)
        }
        // Repeated values come from the caches: `text` for strings, `cached(in:)` for lists and parties.
        func text(_ reader: inout CanonicalReader) -> String? {
            reader.cached(in: &texts, through: .string) { $0.string() }
        }
        guard let art10Basis = optional(Name.art10Basis, text),
              let art9 = optional(Name.art9Condition, { $0.code(Art9Condition.self) }),
              let contractRefs = optional(Name.contractRefs, { $0.cached(in: &self.textLists, through: .list) { $0.strings() } }),
              reader.member(Name.criminalData), let criminalData = reader.bool(),
              reader.member(Name.dataCategories), let dataCategories = reader.cached(in: &self.dataCategories, through: .list, { $0.codes() }),
              reader.member(Name.destination), let destination = reader.string(),
              reader.member(Name.exporter), let exporter = reader.cached(in: &self.parties, through: .party, { $0.party() }),
              let frequency = optional(Name.frequency, { $0.code(Frequency.self) }),
              reader.member(Name.importer), let importer = reader.cached(in: &self.parties, through: .party, { $0.party() }),
              reader.member(Name.mechanism), let mechanism = reader.code(TransferMechanism.self),
              let mechanismRef = optional(Name.mechanismRef, text),
              reader.member(Name.occurredAt), let occurredAt = reader.timestamp(),
              let onBehalfOf = optional(Name.onBehalfOf, text),
              let parent = optional(Name.parent, { $0.unsigned() }),
              reader.member(Name.private), reader.hexEquals(digest(of: document)),
              reader.member(Name.purposes), let purposes = reader.cached(in: &self.purposes, through: .list, { $0.codes() }),
              reader.member(Name.referenceData), let referenceData = referenceData(&reader),
              reader.member(Name.region), let region = reader.code(Region.self),
              let sccModule = optional(Name.sccModule, { $0.code(SccModule.self) }),
              reader.member(Name.specialCategories), let special = reader.cached(in: &self.specialCategories, through: .list, { $0.codes() }),
              reader.member(Name.subjectCategories), let subjects = reader.cached(in: &self.subjectCategories, through: .list, { $0.codes() }),
              reader.member(Name.subjectCount), let count = reader.code(CountBand.self),
              let commitments = optional(Name.subjectLinkCommitments, { Self.commitments(&$0) }),
              let measures = optional(Name.supplementaryMeasures, { $0.cached(in: &self.measures, through: .list) { $0.codes() } }),
              let tiaRef = optional(Name.tiaRef, text),
              // Always written, even for `initial`: a payload without it is not canonical.
              reader.member(Name.transferKind), let kind = reader.code(TransferKind.self),
              reader.member(Name.validation), let verdict = verdict(&reader),
              let windowEnd = optional(Name.windowEnd, { $0.timestamp() }),
              reader.consume(UInt8(ascii: "}")), reader.isAtEnd else { return nil }

        var transfer = Transfer(
            occurredAt: occurredAt, exporter: exporter, importer: importer, destination: destination, mechanism: mechanism,
            purposes: purposes, dataCategories: dataCategories, subjectCategories: subjects, specialCategories: special,
            criminalData: criminalData, subjectCount: count, loggedBy: loggedBy, idempotencyKey: idempotencyKey)
        transfer.mechanismRef = mechanismRef
        transfer.windowEnd = windowEnd
        transfer.transferKind = kind
        transfer.frequency = frequency
        transfer.onBehalfOf = onBehalfOf
        transfer.sccModule = sccModule
        transfer.tiaRef = tiaRef
        transfer.supplementaryMeasures = measures
        transfer.art9Condition = art9
        transfer.art10Basis = art10Basis
        transfer.parent = parent
        transfer.contractRefs = contractRefs
        transfer.notes = notes
        // The transfer moves into the payload: a Transfer holds a score of references, each retained
        // again by a copy.
        var payload = TransferPayload(transfer: transfer, region: region, referenceData: referenceData, salt: salt)
        payload.verdict = verdict
        if let commitments { payload.setLinkCommitments(commitments) }
        return payload
    }

    /// The instant spelt `text` in canonical form (a stored `recordedAt`), parsed once per run of
    /// equal spellings: the entries of one appended batch share it.
    package func timestamp(spelledBy text: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        if let last = lastTimestamp, last.spelling.isEqual(to: text) { return last.time }
        guard let time = Timestamp.canonical(utf8: text) else { return nil }
        lastTimestamp = (Array(text), time)
        return time
    }

    /// `subjectLinkCommitments`: 1 to 100 digests in lowercase hex, strictly ascending.
    private static func commitments(_ reader: inout CanonicalReader) -> [Digest]? {
        guard let texts = reader.strings(), !texts.isEmpty, texts.count <= StructuralRules.maximumSubjectLinks else { return nil }
        var digests: [Digest] = []
        for text in texts {
            guard let bytes = Array(text.utf8).withUnsafeBufferPointer({ CanonicalReader.lowerHex($0) }), bytes.count == Digest.byteCount else { return nil }
            let digest = Digest(uncheckedBytes: bytes)
            if let last = digests.last, !TransferPayload.ascending(last, digest) { return nil }
            digests.append(digest)
        }
        return digests
    }

    private func digest(of bytes: UnsafeBufferPointer<UInt8>) -> Digest {
        hasher.begin()
        hasher.update(UnsafeRawBufferPointer(bytes))
        return hasher.end()
    }

    /// `referenceData`: 64 lower-case hex digits, decoded once per run of equal values.
    private func referenceData(_ reader: inout CanonicalReader) -> Digest? {
        guard let text = reader.plainString(), text.count == 2 * Digest.byteCount else { return nil }
        if let last = lastReferenceData, last.hex.isEqual(to: text) { return last.digest }
        guard let bytes = CanonicalReader.lowerHex(text) else { return nil }
        let digest = Digest(uncheckedBytes: bytes)
        lastReferenceData = (Array(text), digest)
        return digest
    }

    /// The verdict (`validation`), canonical, from the cache when these bytes were read before.
    private func verdict(_ reader: inout CanonicalReader) -> PolicyVerdict? {
        reader.cached(in: &verdicts, through: .container) { $0.value().flatMap(PolicyVerdict.init(canonical:)) }
    }

    /// `{"idempotencyKey":…,"loggedBy":…[,"notes":…],"salt":…}`, canonical.
    private func decodePrivate(_ document: UnsafeBufferPointer<UInt8>) -> (String, String, String?, [UInt8])? {
        var reader = CanonicalReader(document)
        typealias Name = TransferPayloadNames
        guard reader.beginObject(), reader.member(Name.idempotencyKey), let key = reader.string(),
              reader.member(Name.loggedBy), let loggedBy = reader.cached(in: &texts, through: .string, { $0.string() }) else { return nil }
        var notes: String?
        if reader.member(Name.notes) {
            guard let text = reader.string() else { return nil }
            notes = text
        }
        guard reader.member(Name.salt), let salt = reader.hexBytes(), salt.count == TransferPayload.saltByteCount,
              reader.consume(UInt8(ascii: "}")), reader.isAtEnd else { return nil }
        return (key, loggedBy, notes, salt)
    }
}

/// The member names of stored transfer payloads and private documents, in canonical order.
enum TransferPayloadNames {
    static let art10Basis = MemberName("art10Basis"), art9Condition = MemberName("art9Condition")
    static let contractRefs = MemberName("contractRefs"), criminalData = MemberName("criminalData")
    static let dataCategories = MemberName("dataCategories"), destination = MemberName("destination")
    static let exporter = MemberName("exporter"), frequency = MemberName("frequency"), importer = MemberName("importer")
    static let mechanism = MemberName("mechanism"), mechanismRef = MemberName("mechanismRef")
    static let occurredAt = MemberName("occurredAt"), onBehalfOf = MemberName("onBehalfOf"), parent = MemberName("parent")
    static let `private` = MemberName("private"), purposes = MemberName("purposes")
    static let referenceData = MemberName("referenceData"), region = MemberName("region"), sccModule = MemberName("sccModule")
    static let specialCategories = MemberName("specialCategories"), subjectCategories = MemberName("subjectCategories")
    static let subjectCount = MemberName("subjectCount"), subjectLinkCommitments = MemberName("subjectLinkCommitments"), supplementaryMeasures = MemberName("supplementaryMeasures")
    static let tiaRef = MemberName("tiaRef"), transferKind = MemberName("transferKind"), validation = MemberName("validation")
    static let windowEnd = MemberName("windowEnd")
    static let idempotencyKey = MemberName("idempotencyKey"), loggedBy = MemberName("loggedBy")
    static let notes = MemberName("notes"), salt = MemberName("salt")
}
