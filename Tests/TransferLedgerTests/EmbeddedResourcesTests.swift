import Foundation
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// The SQL and reference data compiled into the library must be exactly Schema/'s files; when this
/// fails, run Tools/embed-resources.py.
@Suite struct EmbeddedResourcesTests {
    @Test func migrationsMatchSchemaFolder() throws {
        let names = SchemaFile.migrations(in: "migrations")
        #expect(names.count >= 3, "Schema/migrations/ was not found")
        #expect(SQLiteEmbeddedResources.migrations.count == names.count, "run Tools/embed-resources.py")
        for (index, name) in names.enumerated() where index < SQLiteEmbeddedResources.migrations.count {
            let file = SchemaFile.text("migrations/" + name)
            #expect(!file.isEmpty, "Schema/migrations/\(name) is missing")
            #expect(SQLiteEmbeddedResources.migrations[index] == trimmed(file), "\(name) differs from the embedded copy")
        }
    }

    @Test func regionsMatchSchemaFolder() {
        #expect(EmbeddedResources.regionsJSON == trimmed(SchemaFile.text("regions.json")))
    }

    /// Every earlier release of the region table is embedded, reads under today's rules, and is
    /// named by its version, so a ledger judged by it before an upgrade still verifies.
    @Test func earlierRegionTablesMatchSchemaFolderAndRead() {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: SchemaFile.path("regions-earlier"))) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(!names.isEmpty, "Schema/regions-earlier/ was not found")
        #expect(EmbeddedResources.earlierRegionsJSON == names.map { trimmed(SchemaFile.text("regions-earlier/" + $0)) }, "run Tools/embed-resources.py")
        #expect(ReferenceData.earlierEmbedded.count == names.count, "an earlier table does not read")
        for (name, table) in zip(names, ReferenceData.earlierEmbedded) {
            #expect(table.versionHex.hasPrefix(String(name.dropLast(".json".count))), "\(name) is not named by its version \(table.versionHex)")
            #expect(table.version != ReferenceData.embedded.version)
        }
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
