/// A stored `transfer` row as the verifier reads it: its text columns borrowed as UTF-8 (cut at the
/// first NUL, as `Statement.text` reads them), its integers as they are, and the rules of its
/// `transfer_rule` rows as one comma-separated list.
package struct StoredTransferColumns {
    package var idempotencyKey: UnsafeBufferPointer<UInt8>
    package var occurredAt: Int64
    package var exporter: UnsafeBufferPointer<UInt8>
    package var exporterRole: UnsafeBufferPointer<UInt8>
    package var importer: UnsafeBufferPointer<UInt8>
    package var importerRole: UnsafeBufferPointer<UInt8>
    package var destination: UnsafeBufferPointer<UInt8>
    package var region: UnsafeBufferPointer<UInt8>
    package var mechanism: UnsafeBufferPointer<UInt8>
    package var dataCategories: Int64
    package var specialCategories: Int64
    package var status: UnsafeBufferPointer<UInt8>
    package var rules: UnsafeBufferPointer<UInt8>

    /// The fields as given.
    package init(idempotencyKey: UnsafeBufferPointer<UInt8>, occurredAt: Int64, exporter: UnsafeBufferPointer<UInt8>, exporterRole: UnsafeBufferPointer<UInt8>, importer: UnsafeBufferPointer<UInt8>, importerRole: UnsafeBufferPointer<UInt8>, destination: UnsafeBufferPointer<UInt8>, region: UnsafeBufferPointer<UInt8>, mechanism: UnsafeBufferPointer<UInt8>, dataCategories: Int64, specialCategories: Int64, status: UnsafeBufferPointer<UInt8>, rules: UnsafeBufferPointer<UInt8>) {
        self.idempotencyKey = idempotencyKey
        self.occurredAt = occurredAt
        self.exporter = exporter
        self.exporterRole = exporterRole
        self.importer = importer
        self.importerRole = importerRole
        self.destination = destination
        self.region = region
        self.mechanism = mechanism
        self.dataCategories = dataCategories
        self.specialCategories = specialCategories
        self.status = status
        self.rules = rules
    }
}
