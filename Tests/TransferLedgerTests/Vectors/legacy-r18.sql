PRAGMA application_id=1414285138; PRAGMA user_version=3;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE entry (
    seq         INTEGER PRIMARY KEY CHECK (seq >= 0),
    kind        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    prev_hash   BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash        BLOB    NOT NULL CHECK (length(hash) = 32),
    payload     TEXT    NOT NULL
) STRICT;
INSERT INTO entry VALUES(0,'registry','2026-12-06T20:59:00.152749Z',X'0000000000000000000000000000000000000000000000000000000000000000',X'7faad313624362346bf99f0a90e68b7ec2d629d27419a5dea8110394024d119c','{"fact":{"code":"NW-FR","country":"FR","groupMember":true,"legalName":"Nordwind SA","revision":1,"validFrom":"2021-01-01"},"kind":"entity"}');
INSERT INTO entry VALUES(1,'registry','2026-12-06T20:59:00.152749Z',X'7faad313624362346bf99f0a90e68b7ec2d629d27419a5dea8110394024d119c',X'37f5429994c005eaf8ff22caa4a5170156796c4d2009e43d33c84861934d99ef','{"fact":{"code":"NW-IN","country":"IN","groupMember":true,"legalName":"Nordwind Technology India Pvt Ltd, gateway 10.20.30.40","revision":1,"validFrom":"2021-01-01"},"kind":"entity"}');
INSERT INTO entry VALUES(2,'registry','2026-12-06T20:59:00.152749Z',X'37f5429994c005eaf8ff22caa4a5170156796c4d2009e43d33c84861934d99ef',X'17e6f8df2b88d0d03a3eda1ad6f04c7c54a59b7ba3b746f768758825e41c714f','{"fact":{"exporter":"NW-FR","id":"SCC-FR-IN-2024","importer":"NW-IN","module":"c2p","revision":1,"type":"scc2021_914","validFrom":"2024-01-01"},"kind":"agreement"}');
INSERT INTO entry VALUES(3,'registry','2026-12-06T20:59:00.152749Z',X'17e6f8df2b88d0d03a3eda1ad6f04c7c54a59b7ba3b746f768758825e41c714f',X'e8f808348fc4528f1f6b6a2aaf3191218c32a595ed820e65bf13f0f3953e161a','{"fact":{"coversSpecialCategories":true,"destination":"IN","id":"TIA-IN-2026","importers":["NW-IN"],"outcome":"proceedWithSupplementaryMeasures","requiredMeasures":["encryptionKeysInEEA"],"reviewDue":"2099-12-31","revision":1,"validFrom":"2026-01-01"},"kind":"tia"}');
INSERT INTO entry VALUES(4,'transfer','2026-12-06T20:59:03.209571Z',X'e8f808348fc4528f1f6b6a2aaf3191218c32a595ed820e65bf13f0f3953e161a',X'562619d58d90ce0d432237ad0a6111b9824d2cfc64e1084b18c585bbac3c36ba','{"criminalData":false,"dataCategories":["identity","deviceTechnical"],"destination":"IN","exporter":{"entity":"NW-FR","role":"controller"},"importer":{"entity":"NW-IN","role":"processor"},"mechanism":"sccCommission","mechanismRef":"SCC-FR-IN-2024","occurredAt":"2026-03-02T10:00:00Z","private":"c596cebe54d1d753ba002a5c7d41b2edcf2564cdeb80adfd9318cfc92099bd8c","purposes":["itSupport"],"referenceData":"a3f89530ebb0e0c404c8b7f63cc2e4cf761ea1e40430b3f555f5c2fe297c603d","region":"THIRD_COUNTRY","sccModule":"c2p","specialCategories":[],"subjectCategories":["employee"],"subjectCount":"b101_1k","supplementaryMeasures":["encryptionKeysInEEA"],"tiaRef":"TIA-IN-2026","transferKind":"initial","validation":{"findings":[{"check":"R18.personalData","fields":["notes"],"message":"notes looks like it contains an e-mail address; the ledger must not hold personal data in free text","rule":"R18","severity":"FAIL"}],"flags":[],"ruleSetVersion":"2026.06-R1-R24.1","status":"nonCompliant"}}');
INSERT INTO entry VALUES(5,'transfer','2026-12-06T20:59:03.209571Z',X'562619d58d90ce0d432237ad0a6111b9824d2cfc64e1084b18c585bbac3c36ba',X'3ca326c0ea85e10f9438333d74d2c6810b34a2dfb2538f1039d0a77039b4057f','{"criminalData":false,"dataCategories":["identity","deviceTechnical"],"destination":"IN","exporter":{"entity":"NW-FR","role":"controller"},"importer":{"entity":"NW-IN","role":"processor"},"mechanism":"sccCommission","mechanismRef":"SCC-FR-IN-2024","occurredAt":"2026-03-02T10:00:00Z","private":"e047df7523bc662e51f85fbe98febd72cc5419f5d005d67c8a7f2f106b74fdd2","purposes":["itSupport"],"referenceData":"a3f89530ebb0e0c404c8b7f63cc2e4cf761ea1e40430b3f555f5c2fe297c603d","region":"THIRD_COUNTRY","sccModule":"c2p","specialCategories":[],"subjectCategories":["employee"],"subjectCount":"b101_1k","supplementaryMeasures":["encryptionKeysInEEA"],"tiaRef":"TIA-IN-2026","transferKind":"initial","validation":{"findings":[],"flags":[],"ruleSetVersion":"2026.06-R1-R24.1","status":"compliant"}}');
INSERT INTO entry VALUES(6,'transfer','2026-12-06T20:59:03.209571Z',X'3ca326c0ea85e10f9438333d74d2c6810b34a2dfb2538f1039d0a77039b4057f',X'3387ce35233fc1587f53c6f495d0f7a53804663e61892b9a3f11e119dba9306e','{"criminalData":false,"dataCategories":["identity","deviceTechnical"],"destination":"IN","exporter":{"entity":"NW-FR","role":"controller"},"importer":{"entity":"NW-IN","role":"processor"},"mechanism":"sccCommission","mechanismRef":"SCC-FR-IN-2024","occurredAt":"2026-03-02T10:00:00Z","private":"763d015ff27bf5f278eb470f772bc178f5094cf61d65c820bde827074a8254e5","purposes":["itSupport"],"referenceData":"a3f89530ebb0e0c404c8b7f63cc2e4cf761ea1e40430b3f555f5c2fe297c603d","region":"THIRD_COUNTRY","sccModule":"c2p","specialCategories":[],"subjectCategories":["employee"],"subjectCount":"b101_1k","supplementaryMeasures":["encryptionKeysInEEA"],"tiaRef":"TIA-IN-2026","transferKind":"initial","validation":{"findings":[],"flags":[],"ruleSetVersion":"2026.06-R1-R24.1","status":"compliant"}}');
INSERT INTO entry VALUES(7,'correction','2026-12-06T20:59:03.290059Z',X'3387ce35233fc1587f53c6f495d0f7a53804663e61892b9a3f11e119dba9306e',X'456f46bfbc70aafcd624dfea9e5309b9f14adf5c59de934f9c7101fb78b2d55f','{"reason":"other","reasonNote":"asked by the employee born 1984-03-02","supersedes":6,"transfer":{"criminalData":false,"dataCategories":["identity","deviceTechnical"],"destination":"IN","exporter":{"entity":"NW-FR","role":"controller"},"importer":{"entity":"NW-IN","role":"processor"},"mechanism":"sccCommission","mechanismRef":"SCC-FR-IN-2024","occurredAt":"2026-03-02T10:00:00Z","private":"b924043cebce45149e9362c7e376e64ece3c714a30dadfe1cc0e1ee5f216c0a2","purposes":["itSupport"],"referenceData":"a3f89530ebb0e0c404c8b7f63cc2e4cf761ea1e40430b3f555f5c2fe297c603d","region":"THIRD_COUNTRY","sccModule":"c2p","specialCategories":[],"subjectCategories":["employee"],"subjectCount":"b101_1k","supplementaryMeasures":["encryptionKeysInEEA"],"tiaRef":"TIA-IN-2026","transferKind":"initial","validation":{"findings":[{"check":"R23.noChange","fields":["transfer"],"message":"the corrected transfer is identical to entry 6","rule":"R23","severity":"WARN"}],"flags":[],"ruleSetVersion":"2026.06-R1-R24.1","status":"compliantWithWarnings"}}}');
INSERT INTO entry VALUES(8,'govAccessRequest','2026-12-06T20:59:03.363818Z',X'456f46bfbc70aafcd624dfea9e5309b9f14adf5c59de934f9c7101fb78b2d55f',X'5a63e3c565d31c258072b988322e32272bea41137e34a99611b1cbbb24cdc516','{"approxSubjectCount":"b1_10","art48Basis":"internationalAgreement","art48BasisRef":"MLAT-EU-IN","authorityType":"court","challenged":false,"country":"IN","dataCategoriesRequested":["identity"],"dataSubjectNotificationProhibited":false,"dataSubjectNotified":false,"exporterNotificationProhibited":false,"exporterNotifiedAt":"2026-04-02T00:00:00Z","legalInstrumentCode":"warrant for passport no. X1234567","minimisationApplied":false,"outcome":"refused","receivedAt":"2026-04-01T09:00:00Z","receivedBy":"NW-IN","relatedFlowIds":[],"relatedRecords":[4],"requestId":"GAR-1","validation":{"findings":[],"flags":[],"ruleSetVersion":"2026.06-R1-R24.1","status":"compliant"},"waiverSought":false}');
CREATE TABLE transfer (
    seq                INTEGER PRIMARY KEY REFERENCES entry (seq),
    idempotency_key    TEXT    NOT NULL UNIQUE,
    occurred_at        INTEGER NOT NULL,
    exporter           TEXT    NOT NULL,
    exporter_role      TEXT    NOT NULL,
    importer           TEXT    NOT NULL,
    importer_role      TEXT    NOT NULL,
    destination        TEXT    NOT NULL,
    region             TEXT    NOT NULL,
    mechanism          TEXT    NOT NULL,
    data_categories    INTEGER NOT NULL,
    special_categories INTEGER NOT NULL,
    status             TEXT    NOT NULL
) STRICT;
INSERT INTO transfer VALUES(4,'legacy-1',1772445600000000,'NW-FR','controller','NW-IN','processor','IN','THIRD_COUNTRY','sccCommission',257,0,'nonCompliant');
INSERT INTO transfer VALUES(5,'legacy-2',1772445600000000,'NW-FR','controller','NW-IN','processor','IN','THIRD_COUNTRY','sccCommission',257,0,'compliant');
INSERT INTO transfer VALUES(6,'legacy-3',1772445600000000,'NW-FR','controller','NW-IN','processor','IN','THIRD_COUNTRY','sccCommission',257,0,'compliant');
CREATE TABLE transfer_private (
    seq      INTEGER PRIMARY KEY REFERENCES entry (seq),
    document TEXT    NOT NULL
) STRICT;
INSERT INTO transfer_private VALUES(4,'{"idempotencyKey":"legacy-1","loggedBy":"svc:legacy","notes":"escalated by jane.doe@client.example","salt":"92dab8f349e4a14ede10e425ee9a402e"}');
INSERT INTO transfer_private VALUES(5,'{"idempotencyKey":"legacy-2","loggedBy":"svc:legacy","notes":"employee born 1984-03-02, host 10.1.2.3","salt":"d829f2b347e7a106a5ef516236bd8180"}');
INSERT INTO transfer_private VALUES(6,'{"idempotencyKey":"legacy-3","loggedBy":"svc:legacy","notes":"batch 2026-03-02, ticket CHG-4411","salt":"d82add38ad431242f2d72b1619ca9881"}');
INSERT INTO transfer_private VALUES(7,'{"idempotencyKey":"legacy-3","loggedBy":"svc:legacy","notes":"batch 2026-03-02, ticket CHG-4411","salt":"b8a1aa07ca51cb67fb64f8ab99eecc9a"}');
CREATE TABLE transfer_rule (
    rule TEXT    NOT NULL,
    seq  INTEGER NOT NULL REFERENCES transfer (seq),
    PRIMARY KEY (seq, rule)
) STRICT, WITHOUT ROWID;
INSERT INTO transfer_rule VALUES('R18',4);
CREATE TABLE registry_fact (
    seq INTEGER PRIMARY KEY REFERENCES entry (seq)
) STRICT;
INSERT INTO registry_fact VALUES(0);
INSERT INTO registry_fact VALUES(1);
INSERT INTO registry_fact VALUES(2);
INSERT INTO registry_fact VALUES(3);
CREATE TABLE node (
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 63),
    idx   INTEGER NOT NULL CHECK (idx >= 0),
    hash  BLOB    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;
INSERT INTO node VALUES(1,0,X'762e578991b49abf48b5d5e51c12bbc389000043e5ce614594eb2f5620b59ef6');
INSERT INTO node VALUES(1,1,X'b56326abc23f453b2ff6258740e9d2de6974faa0b5edbe850b56225420e4fc69');
INSERT INTO node VALUES(1,2,X'0d6bfa3824959f613d6401550c374d74fbc934757f27929e0b59fad92a322de8');
INSERT INTO node VALUES(1,3,X'87c1bd2522cfee924cb0153e820a630cd1e36f184e2305d542cef5e5d978f58c');
INSERT INTO node VALUES(2,0,X'bf0137dfcfe1634ac0118359c2d6b29903df2fd7482ec26bc278bd879311d275');
INSERT INTO node VALUES(2,1,X'3cddf6c48e724759723448c66b8f4fd1da01b53c1b80ff898817708cd9d85d13');
INSERT INTO node VALUES(3,0,X'89c4f029f1bedec962e57328af6bafb241a7a4c8a411b8ac0cb444459b6b3fad');
CREATE TABLE checkpoint (
    seq INTEGER PRIMARY KEY REFERENCES entry (seq)
) STRICT;
CREATE TABLE correction (
    seq        INTEGER PRIMARY KEY REFERENCES entry (seq),
    supersedes INTEGER NOT NULL UNIQUE REFERENCES entry (seq) CHECK (supersedes < seq),
    status     TEXT    NOT NULL
) STRICT;
INSERT INTO correction VALUES(7,6,'compliantWithWarnings');
CREATE TABLE gov_access_request (
    seq         INTEGER PRIMARY KEY REFERENCES entry (seq),
    request_id  TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    country     TEXT    NOT NULL,
    status      TEXT    NOT NULL
) STRICT;
INSERT INTO gov_access_request VALUES(8,'GAR-1',1775034000000000,'IN','compliant');
CREATE TABLE reference_data (
    seq            INTEGER PRIMARY KEY REFERENCES entry (seq),
    version        TEXT    NOT NULL UNIQUE,
    effective_from TEXT    NOT NULL
) STRICT;
CREATE TRIGGER entry_append_only BEFORE INSERT ON entry
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq) + 1, 0) FROM entry)
  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM entry WHERE seq = NEW.seq - 1), zeroblob(32))
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are appended in sequence and linked to the previous hash');
END;
CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER transfer_private_no_update BEFORE UPDATE ON transfer_private
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER transfer_private_no_delete BEFORE DELETE ON transfer_private
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE INDEX transfer_by_time        ON transfer (occurred_at);
CREATE INDEX transfer_by_destination ON transfer (destination, occurred_at);
CREATE INDEX transfer_by_exporter    ON transfer (exporter, occurred_at);
CREATE INDEX transfer_by_importer    ON transfer (importer, occurred_at);
CREATE INDEX transfer_by_mechanism   ON transfer (mechanism, occurred_at);
CREATE INDEX transfer_by_region      ON transfer (region, occurred_at);
CREATE INDEX transfer_by_status      ON transfer (status, occurred_at);
CREATE INDEX transfer_rule_by_rule ON transfer_rule (rule, seq);
CREATE TRIGGER transfer_rule_no_update BEFORE UPDATE ON transfer_rule
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER transfer_rule_no_delete BEFORE DELETE ON transfer_rule
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER registry_fact_no_update BEFORE UPDATE ON registry_fact
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER registry_fact_no_delete BEFORE DELETE ON registry_fact
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER node_no_update BEFORE UPDATE ON node
BEGIN
    SELECT RAISE(ABORT, 'Merkle nodes are immutable');
END;
CREATE TRIGGER node_no_delete BEFORE DELETE ON node
BEGIN
    SELECT RAISE(ABORT, 'Merkle nodes are immutable');
END;
CREATE TRIGGER checkpoint_no_update BEFORE UPDATE ON checkpoint
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE INDEX gov_access_request_by_id ON gov_access_request (request_id, seq);
CREATE TRIGGER gov_access_request_no_update BEFORE UPDATE ON gov_access_request
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER gov_access_request_no_delete BEFORE DELETE ON gov_access_request
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER reference_data_no_update BEFORE UPDATE ON reference_data
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
CREATE TRIGGER reference_data_no_delete BEFORE DELETE ON reference_data
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
COMMIT;
