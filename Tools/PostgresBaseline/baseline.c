/*
 * Raw libpq baselines for the PostgreSQL backend (issue 13): what the server and libpq do with no
 * ledger code in between, so the backend's figures can be given as ratios measured in the same run.
 *
 *   1. batched durable inserts: prepared INSERT, binary parameters, 1000 rows per transaction;
 *   2. single-row durable inserts: one row per transaction (BEGIN, INSERT, COMMIT);
 *   3. streaming scan in single-row mode plus SHA-256 of every payload.
 *
 * Rows go into the ledger's own `entry` table (Schema/postgres/001-ledger.sql: same indexes and
 * append-only triggers, correctly linked) and, for comparison, into `entry_plain`, the same table
 * without triggers. Run through run.sh, which starts a throwaway server.
 */
#include <libpq-fe.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static PGconn *conn;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(PGresult *result, const char *what) {
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fprintf(stderr, "%s: %s", what, PQresultErrorMessage(result));
        exit(1);
    }
    PQclear(result);
}

static void exec(const char *sql) { check(PQexec(conn, sql), sql); }

/* One row's parameters: seq (int8), kind, recorded_at, prev_hash, hash, payload (about 500 bytes). */
struct row {
    uint64_t seq_be;
    char payload[520];
    unsigned char prev[32], hash[32];
};

static void make_row(struct row *row, int64_t seq, const unsigned char *prev) {
    row->seq_be = __builtin_bswap64((uint64_t)seq);
    int n = snprintf(row->payload, sizeof row->payload,
        "{\"dataCategories\":[\"contact\",\"identity\"],\"destination\":\"IN\",\"exporter\":\"Example Group SE\","
        "\"importer\":\"Example Services Pvt Ltd\",\"mechanism\":\"adequacy\",\"occurredAt\":\"2027-01-01T00:00:00Z\","
        "\"private\":\"%064lld\",\"region\":\"ADEQUATE\",\"validation\":{\"findings\":[],\"status\":\"compliant\"},"
        "\"referenceData\":\"c1c2897c30b30e94f47a44d477630c7ed2fd30a0ef96c38ced6d85521947496e\",\"seqHint\":%lld}",
        (long long)seq, (long long)seq);
    (void)n;
    memcpy(row->prev, prev, 32);
    SHA256((const unsigned char *)row->payload, strlen(row->payload), row->hash);
}

static void insert(const char *statement, struct row *row) {
    const char *values[6] = {(const char *)&row->seq_be, "transfer", "2027-01-01T00:00:00Z",
                             (const char *)row->prev, (const char *)row->hash, row->payload};
    int lengths[6] = {8, 8, 20, 32, 32, (int)strlen(row->payload)};
    int formats[6] = {1, 1, 1, 1, 1, 1};
    check(PQexecPrepared(conn, statement, 6, values, lengths, formats, 0), "insert");
}

/* Appends n rows after `*seq`, `per_transaction` per transaction; returns rows per second. */
static double append(const char *statement, int64_t *seq, unsigned char *tip, int n, int per_transaction) {
    struct row row;
    double start = now();
    for (int done = 0; done < n;) {
        exec("BEGIN");
        for (int i = 0; i < per_transaction && done < n; i++, done++) {
            make_row(&row, (*seq)++, tip);
            insert(statement, &row);
            memcpy(tip, row.hash, 32);
        }
        exec("COMMIT");
    }
    return n / (now() - start);
}

static double scan(const char *table, long *rows) {
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT seq, kind, recorded_at, prev_hash, hash, payload FROM %s ORDER BY seq", table);
    double start = now();
    if (!PQsendQueryParams(conn, sql, 0, NULL, NULL, NULL, NULL, 1) || !PQsetSingleRowMode(conn)) {
        fprintf(stderr, "scan: %s", PQerrorMessage(conn));
        exit(1);
    }
    unsigned char digest[32], fold = 0;
    *rows = 0;
    PGresult *result;
    while ((result = PQgetResult(conn))) {
        if (PQresultStatus(result) == PGRES_SINGLE_TUPLE) {
            SHA256((const unsigned char *)PQgetvalue(result, 0, 5), PQgetlength(result, 0, 5), digest);
            fold ^= digest[0];
            (*rows)++;
        } else if (PQresultStatus(result) != PGRES_TUPLES_OK) {
            fprintf(stderr, "scan: %s", PQresultErrorMessage(result));
            exit(1);
        }
        PQclear(result);
    }
    if (fold == 0xFFFF) puts("");  /* keeps the hashing from being optimised away */
    return *rows / (now() - start);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s CONNINFO [BATCHED_ROWS] [SINGLE_ROWS]\n", argv[0]);
        return 64;
    }
    int batched = argc > 2 ? atoi(argv[2]) : 100000;
    int single = argc > 3 ? atoi(argv[3]) : 1000;
    conn = PQconnectdb(argv[1]);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "connect: %s", PQerrorMessage(conn));
        return 1;
    }
    exec("SET synchronous_commit = on");
    exec("CREATE TABLE entry_plain (LIKE entry INCLUDING ALL)");
    const char *sql = "INSERT INTO %s (seq, kind, recorded_at, prev_hash, hash, payload) VALUES ($1::int8, $2, $3, $4, $5, $6)";
    char text[160];
    snprintf(text, sizeof text, sql, "entry");
    check(PQprepare(conn, "ledger", text, 6, NULL), "prepare");
    snprintf(text, sizeof text, sql, "entry_plain");
    check(PQprepare(conn, "plain", text, 6, NULL), "prepare");

    struct { const char *name, *statement, *table; } targets[2] = {
        {"entry (triggers)", "ledger", "entry"}, {"entry_plain (no triggers)", "plain", "entry_plain"}};
    printf("%-26s %14s %14s %14s\n", "table", "batched/s", "single/s", "scan+sha/s");
    for (int t = 0; t < 2; t++) {
        int64_t seq = 0;
        unsigned char tip[32] = {0};
        double b = append(targets[t].statement, &seq, tip, batched, 1000);
        double s = append(targets[t].statement, &seq, tip, single, 1);
        exec("VACUUM ANALYZE");
        long rows;
        scan(targets[t].table, &rows);  /* warm the cache once, as a verifier run after appends would find it */
        double r = scan(targets[t].table, &rows);
        printf("%-26s %14.0f %14.0f %14.0f   (%ld rows)\n", targets[t].name, b, s, r, rows);
    }
    PQfinish(conn);
    return 0;
}
