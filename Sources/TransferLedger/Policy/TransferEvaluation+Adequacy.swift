import LedgerFormat

/// R4 and the R17 dates of adequacy decisions and importer attributes.
extension TransferEvaluation {
    /// R4: adequacy needs a decision in force, cited correctly, whose importer conditions hold.
    mutating func checkAdequacy() {
        guard destination != nil, let adequacy = self.decision else {
            if !(destination?.isInternationalOrganisation ?? true) {
                let period = engine.referenceData.period(of: transfer.destination, on: day)
                let basis = period.map { " on \(day) (\($0.region) from \($0.from)\($0.basis.map { ": \($0)" } ?? ""))" } ?? ""
                fail(.r4, "noDecision", "\(transfer.destination) has no adequacy decision\(basis); mechanism adequacy cannot apply",
                     fields: ["destination", "mechanism"])
            }
            return
        }
        let decision = adequacy.id
        if !adequacyInForce {
            let until = adequacy.until.map { " to \($0)" } ?? ""
            fail(.r17, "adequacyNotInForce",
                 "adequacy decision \(decision) for \(transfer.destination) applies from \(adequacy.since)\(until), not on \(day)",
                 fields: ["occurredAt", "mechanism"])
        } else {
            checkEEAIncorporation(of: adequacy)
        }
        if let ref = transfer.mechanismRef {
            if !Self.decision(decision, matches: ref) {
                fail(.r4, "wrongDecision", "mechanismRef \(ref) is not the adequacy decision for \(transfer.destination), which is \(decision)",
                     fields: ["mechanismRef"])
            }
        } else {
            fail(.r4, "missingRef", "mechanismRef is missing: cite the adequacy decision for \(transfer.destination) (\(decision))",
                 fields: ["mechanismRef"])
        }
        let conditions = engine.adequacyScopes.importerConditions(for: transfer.destination, on: day)
        guard !conditions.isEmpty else { return }
        let scope = conditions.joined(separator: ", ")
        switch registry.importerAttributes(of: importerCode, at: day) {
        case .unknown:
            fail(.r4, "noImporterAttributes",
                 "decision \(decision) covers only importers that satisfy \(scope); the registry has no importer attributes for \(importerCode)",
                 fields: ["importer.entity", "mechanism"])
        case .notInForce(let attributes):
            fail(.r17, "importerAttributesNotInForce",
                 "\(attributes.label) (\(attributes.conditions.map(\.rawValue).sorted().joined(separator: ", "))) hold \(attributes.validity), not on \(day); decision \(decision) needs \(scope)",
                 fields: ["importer.entity", "occurredAt"])
        case .inForce(let attributes):
            let unmet = unmetConditions(conditions, attributes: attributes)
            if !unmet.isEmpty {
                fail(.r4, "importerConditionUnmet",
                     "importer \(importerCode) is outside the scope of decision \(decision) on \(day): \(unmet.joined(separator: "; "))",
                     fields: ["importer.entity", "mechanism"])
            }
        }
    }

    /// The EEA-EFTA states, whose exporters apply an adequacy decision only once the EEA Agreement
    /// incorporates it.
    static let eeaEftaStates: Set<String> = ["IS", "LI", "NO"]

    /// R22: an exporter in Iceland, Liechtenstein or Norway relies on a decision before its
    /// incorporation into the EEA Agreement (or while it is pending): a warning naming both.
    mutating func checkEEAIncorporation(of adequacy: ReferenceData.AdequacyDecision) {
        guard let exporter, Self.eeaEftaStates.contains(exporter.country),
              let incorporated = adequacy.eeaIncorporated else { return }
        let pending = incorporated == ReferenceData.AdequacyDecision.pendingIncorporation
        guard pending || day.description < incorporated else { return }
        let when = pending ? "is not yet incorporated into the EEA Agreement" : "is incorporated into the EEA Agreement only from \(incorporated)"
        warn(.r22, "notYetIncorporated",
             "exporter \(exporterCode) is in \(exporter.country), an EEA-EFTA state; adequacy decision \(adequacy.id) applies in the EU from \(adequacy.since) but \(when), so on \(day) it may not cover this transfer",
             fields: ["exporter.entity", "mechanism", "occurredAt"])
    }

    /// Why each unmet condition fails, in words; empty when the importer is in scope.
    func unmetConditions(_ conditions: [String], attributes: ImporterAttributes) -> [String] {
        var unmet: [String] = []
        for code in conditions {
            if code == "DPF_COVERS_DATA_TYPE" {
                let hr = Self.hrSubjects.contains(where: transfer.subjectCategories.contains)
                    || transfer.dataCategories.contains(where: { $0 == .employmentHR || $0 == .compensationPayroll })
                let nonHR = transfer.subjectCategories.contains { !Self.hrSubjects.contains($0) }
                if hr && !attributes.conditions.contains(.dpfCoversHR) {
                    unmet.append("the transfer includes HR data but the DPF certification does not cover HR data (DPF_COVERS_HR)")
                }
                if nonHR && !attributes.conditions.contains(.dpfCoversNonHR) {
                    unmet.append("the transfer includes non-HR data but the DPF certification does not cover non-HR data (DPF_COVERS_NON_HR)")
                }
            } else if let condition = ImporterCondition(rawValue: code) {
                if !attributes.conditions.contains(condition) { unmet.append("\(code) does not hold") }
            } else {
                unmet.append("condition \(code) cannot be checked against the registry")
            }
        }
        return unmet
    }

    /// Data subjects whose data the DPF treats as HR data (collected in the employment context).
    static let hrSubjects: [SubjectCategory] = [.employee, .jobApplicant, .formerEmployee, .contractor]

    /// Whether `ref` cites `decision`: equal, or equal to its first identifier with or without the
    /// "(EU)" prefix, so "2021/1772" and "(EU) 2021/1772" both cite "(EU) 2021/1772, renewed …".
    static func decision(_ decision: String, matches ref: String) -> Bool {
        decision == ref || citationKey(decision) == citationKey(ref)
    }

    /// The part of a citation that identifies the decision: before the first comma, without
    /// whitespace, lowercased, without a leading "(eu)".
    private static func citationKey(_ text: String) -> [UInt8] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            // Unicode whitespace and case need Character semantics; references are ASCII in practice.
            let primary = text.split(separator: ",", maxSplits: 1).first.map(String.init) ?? text
            let compact = primary.filter { !$0.isWhitespace }.lowercased()
            return Array((compact.hasPrefix("(eu)") ? String(compact.dropFirst(4)) : compact).utf8)
        }
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte == UInt8(ascii: ",") { break }
            // Character.isWhitespace for ASCII: space, tab, line feed, vertical tab, form feed, return.
            if byte == 0x20 || (0x09...0x0D).contains(byte) { continue }
            key.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
        }
        return key.starts(with: Array("(eu)".utf8)) ? Array(key.dropFirst(4)) : key
    }
}
