import Testing
@testable import TransferLedger

/// The SQL and reference data compiled into the library must be exactly Schema/'s files; when this
/// fails, run Tools/embed-resources.py.
@Suite struct EmbeddedResourcesTests {
    @Test func migrationsMatchSchemaFolder() throws {
        let names = ["001-ledger.sql", "002-merkle.sql", "003-entry-kinds.sql"]
        #expect(EmbeddedResources.migrations.count == names.count)
        for (index, name) in names.enumerated() {
            let file = SchemaFile.text("migrations/" + name)
            #expect(!file.isEmpty, "Schema/migrations/\(name) is missing")
            #expect(EmbeddedResources.migrations[index] == trimmed(file), "\(name) differs from the embedded copy")
        }
    }

    @Test func regionsMatchSchemaFolder() {
        #expect(EmbeddedResources.regionsJSON == trimmed(SchemaFile.text("regions.json")))
    }

    @Test func regionTableIsComplete() throws {
        let data = ReferenceData.embedded
        #expect(data.codes.count == 250)
        #expect(data.destination("DE")?.snapshotRegion == "EEA")
        #expect(data.destination("INT-EPO")?.isInternationalOrganisation == true)
    }

    private func trimmed(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
