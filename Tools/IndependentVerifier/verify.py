#!/usr/bin/env python3
"""An independent verifier of a TransferLedger SQLite file, written from Schema/FORMAT.md alone.

It shares no code with the Swift implementation: Python's standard library (sqlite3, hashlib, json)
and, for Ed25519 signatures only, the `cryptography` package. What a regulator's own tool would do,
it does for the parts of FORMAT.md that carry the evidence:

  * §1, §3      every entry's hash recomputed from its stored fields (format versions 1 and 2, the
                stub header of §1.3 projected from the payload), the chain
                links, contiguous sequence numbers, canonical and non-decreasing recordedAt;
  * §2          every payload and private document canonical (parsed and re-encoded byte for byte);
  * §4, §4.3    every transfer's and correction's private document hashing to the payload's
                `private`, or absent where an erasure entry (§4.6) names it with that digest;
  * §4.7        every stored subject link committed to by its entry, every commitment stored or
                erased by an erasure item of kind `subjectLink`;
  * §11         the Merkle tree rebuilt from the entry hashes, every stored complete node compared;
  * §15, §15.1  every checkpoint entry's size and root, and its log signature when a key is given;
                and, with --checkpoint, a trusted signed checkpoint the ledger must extend (§7.9).

It does not replay the policy (verdicts), the structural rules of the JSON Schemas or the region
derivation, and it does not compare the query projections: those re-derive data, they are not what
makes the record tamper-evident.

Usage: verify.py LEDGER [--key VERIFIER_KEY_FILE] [--checkpoint SIGNED_NOTE_FILE]...
Prints one line per problem and a summary; exits 0 when intact, 1 when not, 2 on a usage error.
"""

import base64
import hashlib
import json
import re
import sqlite3
import sys
from datetime import datetime, timezone

APPLICATION_ID = 1414285138
EMPTY_ROOT = hashlib.sha256(b"").digest()
MAX_INTEGER = 2**53 - 1


class Problems:
    def __init__(self):
        self.lines = []

    def add(self, where, message):
        self.lines.append(f"{where}: {message}")


# §2 canonical JSON ----------------------------------------------------------------------------------

class NotCanonical(Exception):
    pass


def _refuse_constant(name):
    raise NotCanonical(f"{name} is not a JSON number the ledger writes")


def _refuse_float(text):
    raise NotCanonical(f"the number {text} is not an integer")


def _integer(text):
    value = int(text)
    if abs(value) > MAX_INTEGER:
        raise NotCanonical(f"the integer {text} exceeds 2^53 - 1")
    return value


def _unique_members(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise NotCanonical("an object repeats a member name")
    return dict(pairs)


def parse_json(data):
    """Parses UTF-8 JSON bytes, refusing what §2 rules out (fractions, big integers, duplicates)."""
    text = data.decode("utf-8")
    return json.loads(text, parse_float=_refuse_float, parse_int=_integer,
                      parse_constant=_refuse_constant, object_pairs_hook=_unique_members)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(value):
    out = ['"']
    for character in value:
        if character in _ESCAPES:
            out.append(_ESCAPES[character])
        elif ord(character) < 0x20:
            out.append(f"\\u{ord(character):04x}")
        else:
            out.append(character)
    out.append('"')
    return "".join(out)


def canonical(value, allow_null=False):
    """The §2 encoding of a parsed JSON value, as a str; `null` only where a format allows it."""
    if value is None:
        if allow_null:
            return "null"
        raise NotCanonical("null is never written")
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item, allow_null) for item in value) + "]"
    if isinstance(value, dict):
        names = sorted(value, key=lambda name: name.encode("utf-16-be"))
        return "{" + ",".join(_string(name) + ":" + canonical(value[name], allow_null) for name in names) + "}"
    raise NotCanonical(f"unexpected value {value!r}")


def canonical_object(data, what, allow_null=False):
    """Parses `data` and checks that it is canonical; returns the object or raises NotCanonical."""
    try:
        value = parse_json(data)
    except (UnicodeDecodeError, ValueError) as error:
        raise NotCanonical(f"{what} is not JSON: {error}")
    if canonical(value, allow_null).encode("utf-8") != data:
        raise NotCanonical(f"{what} is not in canonical form (re-encoding it gives other bytes)")
    if not isinstance(value, dict):
        raise NotCanonical(f"{what} is not a JSON object")
    return value


# §3 timestamps --------------------------------------------------------------------------------------

_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}|\d{6}))?Z$")


def instant(text):
    """Microseconds since the epoch of a canonical RFC 3339 time, or None when it is not canonical."""
    match = _TIME.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction = match.group(7)
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        return None
    micros = 0
    if fraction is not None:
        micros = int(fraction) * (1000 if len(fraction) == 3 else 1)
        # Canonical: no fraction for a whole second, 3 digits only for a whole millisecond.
        if micros == 0 or (len(fraction) == 6 and micros % 1000 == 0):
            return None
    seconds = int((moment - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds())
    return seconds * 1_000_000 + micros


# §1 entries, §11 Merkle tree ------------------------------------------------------------------------

def entry_bytes(format_version, seq, kind, recorded_at, previous_hash, framed, digest=b""):
    """§1.1: `framed` is the payload (format 1) or the stub header (format 2, followed by `digest`)."""
    return (bytes([format_version]) + seq.to_bytes(8, "big") + bytes([len(kind) & 0xFF]) + kind
            + bytes([len(recorded_at) & 0xFF]) + recorded_at + previous_hash
            + (len(framed) & 0xFFFFFFFF).to_bytes(4, "big") + framed + digest)


class NoHeader(Exception):
    pass


def stub_header(kind, payload):
    """§1.3: the members a format-2 entry's header projects from its payload."""
    def strings(source, names, optional=()):
        header = {}
        for name, path in names:
            value = source
            for step in path:
                value = value.get(step) if isinstance(value, dict) else None
            if value is None and name in optional:
                continue
            if not isinstance(value, str):
                raise NoHeader(f"the payload has no string '{'.'.join(path)}' for the header")
            header[name] = value
        return header

    transfer_members = [("occurredAt", ["occurredAt"]), ("exporter", ["exporter", "entity"]),
                        ("importer", ["importer", "entity"]), ("destination", ["destination"]),
                        ("region", ["region"]), ("onBehalfOf", ["onBehalfOf"])]
    if kind == "transfer":
        return strings(payload, transfer_members, optional=("onBehalfOf",))
    if kind == "correction":
        supersedes = payload.get("supersedes")
        if not isinstance(supersedes, int) or isinstance(supersedes, bool) or supersedes < 0:
            raise NoHeader("the payload has no integer 'supersedes' for the header")
        corrected = payload.get("transfer")
        if not isinstance(corrected, dict):
            raise NoHeader("the payload has no object 'transfer' for the header")
        header = strings(corrected, transfer_members, optional=("onBehalfOf",))
        header["supersedes"] = supersedes
        return header
    if kind == "govAccessRequest":
        return strings(payload, [("receivedAt", ["receivedAt"]), ("requestId", ["requestId"])])
    return {}


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


class Tree:
    """The complete subtrees ("peaks") of the leaves so far; §11.3's nodes as they complete."""

    def __init__(self):
        self.size = 0
        self.peaks = []  # (level, hash), highest level first

    def append(self, leaf):
        """Adds a leaf; returns the nodes above level 0 it completes, as (level, index, hash)."""
        completed = []
        self.peaks.append((0, leaf))
        index = self.size
        while len(self.peaks) >= 2 and self.peaks[-1][0] == self.peaks[-2][0]:
            level, right = self.peaks.pop()
            _, left = self.peaks.pop()
            index >>= 1
            merged = node(left, right)
            self.peaks.append((level + 1, merged))
            completed.append((level + 1, index, merged))
        self.size += 1
        return completed

    def root(self):
        if not self.peaks:
            return EMPTY_ROOT
        result = self.peaks[-1][1]
        for _, peak in reversed(self.peaks[:-1]):
            result = node(peak, result)
        return result


# §14, §15 keys, signed notes and checkpoints -------------------------------------------------------

def _base64(text):
    raw = base64.b64decode(text, validate=True)
    if base64.b64encode(raw).decode("ascii") != text:
        raise ValueError("not canonical base64")
    return raw


class VerifierKey:
    """`<name>+<8 hex key ID>+<base64(0x01 ‖ public key)>` (§14)."""

    def __init__(self, line):
        name, key_id, encoded = line.strip().split("+", 2)
        raw = _base64(encoded)
        if len(raw) != 33 or raw[0] != 0x01:
            raise ValueError("not an Ed25519 log key (type 0x01, 32 bytes)")
        computed = hashlib.sha256(name.encode("utf-8") + b"\n" + raw).digest()[:4]
        if computed.hex() != key_id:
            raise ValueError(f"the key ID {key_id} is not the one computed from the key ({computed.hex()})")
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        self.name = name
        self.key_id = computed
        self.public = Ed25519PublicKey.from_public_bytes(raw[1:])


def parse_note(text):
    """Splits a signed note (§15) into its text and [(name, key ID, signature)]."""
    if "\n\n" not in text:
        raise ValueError("no empty line separates text and signatures")
    cut = text.rindex("\n\n")
    body, lines = text[:cut + 1], text[cut + 2:]
    if not lines.endswith("\n"):
        raise ValueError("the last signature line does not end in a line feed")
    signatures = []
    for line in lines[:-1].split("\n"):
        if not line.startswith("\u2014 "):
            raise ValueError(f"'{line[:40]}' is not a signature line")
        name, _, encoded = line[2:].rpartition(" ")
        raw = _base64(encoded)
        if len(raw) < 4:
            raise ValueError("a signature is shorter than its key ID")
        signatures.append((name, raw[:4], raw[4:]))
    return body, signatures


def verify_note(body, signatures, keys):
    """None when a known key signed `body`, else why not (§15: a known key that fails rejects)."""
    from cryptography.exceptions import InvalidSignature
    verified = False
    for name, key_id, signature in signatures:
        for key in keys:
            if key.name == name and key.key_id == key_id:
                try:
                    key.public.verify(signature, body.encode("utf-8"))
                    verified = True
                except InvalidSignature:
                    return f"the signature of '{name}' does not verify"
    return None if verified else "no signature by a known key"


def parse_checkpoint(body):
    """(origin, size, root) of a checkpoint's text (§15)."""
    lines = body.split("\n")
    if len(lines) < 4:
        raise ValueError("a checkpoint has an origin, a size and a root line")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not re.fullmatch(r"0|[1-9][0-9]*", size_text):
        raise ValueError(f"size '{size_text}' is not a decimal number")
    root = _base64(root_text)
    if len(root) != 32:
        raise ValueError("the root is not 32 bytes")
    return origin, int(size_text), root


# The verifier ---------------------------------------------------------------------------------------

def verify(path, keys, trusted):
    problems = Problems()
    try:
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        application_id = database.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.Error as error:
        problems.add("file", f"cannot be read as SQLite: {error}")
        return problems, None
    if application_id != APPLICATION_ID:
        problems.add("file", f"application_id is {application_id}, not {APPLICATION_ID}: not a ledger")
        return problems, None

    tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    private = database.cursor()
    nodes = database.cursor()
    links = {}
    if "subject_link" in tables:
        for token, seq, salt in database.execute("SELECT token, seq, salt FROM subject_link"):
            commitment = hashlib.sha256(b"transferledger/subject-link/v1\x00" + salt + token).hexdigest()
            links.setdefault(seq, []).append(commitment)

    tree = Tree()
    roots = {0: EMPTY_ROOT}
    wanted = {size for size, _ in trusted}
    previous_hash, previous_time, expected_seq = bytes(32), None, 0
    absent_documents = {}   # seq -> digest of a private document not stored
    commitments = {}        # seq -> the commitments of a transfer with subject links
    erased = set()          # (seq, kind, digest) named by erasure entries
    checkpoints = 0

    # A file at schema version 5 or earlier has no format column: every entry is format 1 (§6).
    columns = {row[1] for row in database.execute("PRAGMA table_info(entry)")}
    format_column = "format" if "format" in columns else "1"
    rows = database.execute(f"SELECT seq, kind, recorded_at, prev_hash, hash, payload, {format_column} FROM entry ORDER BY seq")
    last_format = 1
    for seq, kind, recorded_at, prev_hash, stored_hash, payload, format_version in rows:
        where = f"entry {seq}"
        if seq != expected_seq:
            problems.add(where, f"sequence gap: expected entry {expected_seq} (§1)")
            expected_seq = seq
        kind_bytes, time_bytes, payload_bytes = kind.encode(), recorded_at.encode(), payload.encode()
        try:
            content = canonical_object(payload_bytes, "the payload")
        except NotCanonical as error:
            problems.add(where, f"{error} (§2)")
            content = None
        computed = None
        if format_version == 1:
            computed = hashlib.sha256(b"\x00" + entry_bytes(1, seq, kind_bytes, time_bytes, prev_hash, payload_bytes)).digest()
        elif format_version == 2:
            try:
                if content is None:
                    raise NoHeader("the payload is not a canonical JSON object")
                header = canonical(stub_header(kind, content)).encode("utf-8")
                digest = hashlib.sha256(payload_bytes).digest()
                computed = hashlib.sha256(b"\x00" + entry_bytes(2, seq, kind_bytes, time_bytes, prev_hash, header, digest)).digest()
            except NoHeader as error:
                problems.add(where, f"a format-2 entry whose payload yields no stub header: {error} (§1.3)")
        else:
            problems.add(where, f"format {format_version} is not a format version (§1.1)")
        if format_version in (1, 2) and format_version < last_format:
            problems.add(where, "a format-1 entry after a format-2 entry (§1.1)")
        last_format = max(last_format, format_version if format_version in (1, 2) else last_format)
        if computed is not None and computed != stored_hash:
            problems.add(where, f"hash {stored_hash.hex()} is not the hash of its fields, {computed.hex()} (§1.2)")
        content = content or {}
        if prev_hash != previous_hash:
            problems.add(where, "previousHash is not the previous entry's hash (§1)")
        moment = instant(recorded_at)
        if moment is None:
            problems.add(where, f"recordedAt '{recorded_at}' is not a canonical RFC 3339 time (§3)")
        elif previous_time is not None and moment < previous_time:
            problems.add(where, f"recordedAt {recorded_at} is earlier than the previous entry's (§1)")
        if kind == "checkpoint":
            checkpoints += 1
            check_checkpoint_entry(where, seq, content, tree.root(), keys, problems)
        committed = content.get("private") if kind == "transfer" else (content.get("transfer") or {}).get("private") if kind == "correction" else None
        if committed is not None:
            row = private.execute("SELECT document FROM transfer_private WHERE seq = ?", (seq,)).fetchone()
            if row is None:
                absent_documents[seq] = committed
            else:
                document = row[0].encode()
                try:
                    canonical_object(document, "the private document")
                except NotCanonical as error:
                    problems.add(where, f"{error} (§4)")
                if hashlib.sha256(document).hexdigest() != committed:
                    problems.add(where, "the private document does not hash to the payload's 'private' (§4)")
        if kind == "transfer" and "subjectLinkCommitments" in content:
            commitments[seq] = content["subjectLinkCommitments"]
        if kind == "erasure":
            for item in content.get("items", []):
                erased.add((item.get("seq"), item.get("kind"), item.get("digest")))

        for level, index, merged in tree.append(stored_hash):
            row = nodes.execute("SELECT hash FROM node WHERE level = ? AND idx = ?", (level, index)).fetchone()
            if row is None or row[0] != merged:
                problems.add(where, f"stored Merkle node ({level}, {index}) is missing or differs from the rebuilt one (§11.3)")
        if tree.size in wanted:
            roots[tree.size] = tree.root()
        previous_hash, previous_time, expected_seq = stored_hash, moment if moment is not None else previous_time, seq + 1

    stored_nodes = database.execute("SELECT count(*) FROM node").fetchone()[0]
    complete = sum(tree.size >> level for level in range(1, 64))
    if stored_nodes != complete:
        problems.add("node table", f"holds {stored_nodes} nodes; a tree of {tree.size} leaves has {complete} complete nodes (§11.3)")

    for seq, digest in sorted(absent_documents.items()):
        if (seq, "private", digest) not in erased:
            problems.add(f"entry {seq}", "its private document is missing and no erasure entry names it (§4.6)")
    for seq in sorted(set(links) | set(commitments)):
        stored, committed = sorted(links.get(seq, [])), commitments.get(seq, [])
        for commitment in stored:
            if commitment not in committed:
                problems.add(f"entry {seq}", "a stored subject link matches none of the entry's commitments (§4.7)")
            elif (seq, "subjectLink", commitment) in erased:
                problems.add(f"entry {seq}", "a subject link an erasure names is still stored (§4.6)")
        for commitment in committed:
            if commitment not in stored and (seq, "subjectLink", commitment) not in erased:
                problems.add(f"entry {seq}", "a committed subject link is missing and no erasure entry names it (§4.7)")

    for size, root in trusted:
        if size > tree.size:
            problems.add("checkpoint", f"the ledger holds {tree.size} entries, fewer than the trusted checkpoint's {size} (§7.9)")
        elif roots.get(size) != root:
            problems.add("checkpoint", f"the root of the first {size} entries is not the trusted checkpoint's (§7.9)")
    return problems, (tree.size, tree.root(), previous_hash, checkpoints)


def check_checkpoint_entry(where, seq, content, root, keys, problems):
    note = content.get("note")
    if not isinstance(note, str):
        problems.add(where, "a checkpoint payload holds no note (§15.1)")
        return
    try:
        body, signatures = parse_note(note)
        _, size, signed_root = parse_checkpoint(body)
    except ValueError as error:
        problems.add(where, f"the checkpoint note does not parse: {error} (§15)")
        return
    if size != seq:
        problems.add(where, f"the checkpoint signs size {size}, not its sequence number (§15.1)")
    elif signed_root != root:
        problems.add(where, "the checkpoint's root is not the root of the entries before it (§15.1)")
    if keys:
        failure = verify_note(body, signatures, keys)
        if failure:
            problems.add(where, f"the checkpoint's signature: {failure} (§15)")


def main(arguments):
    path, key_files, checkpoint_files = None, [], []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument in ("--key", "--checkpoint") and index + 1 < len(arguments):
            (key_files if argument == "--key" else checkpoint_files).append(arguments[index + 1])
            index += 2
        elif path is None and not argument.startswith("-"):
            path, index = argument, index + 1
        else:
            path = None
            break
    if path is None or (checkpoint_files and not key_files):
        print("usage: verify.py LEDGER [--key FILE] [--checkpoint FILE]… (--checkpoint needs --key)", file=sys.stderr)
        return 2
    try:
        keys = [VerifierKey(open(file, encoding="utf-8").read()) for file in key_files]
        trusted = []
        for file in checkpoint_files:
            body, signatures = parse_note(open(file, encoding="utf-8").read())
            failure = verify_note(body, signatures, keys)
            if failure:
                print(f"{file}: {failure}", file=sys.stderr)
                return 1
            _, size, root = parse_checkpoint(body)
            trusted.append((size, root))
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    problems, summary = verify(path, keys, trusted)
    for line in problems.lines:
        print(line)
    if summary:
        size, root, tip, checkpoints = summary
        print(f"entries {size}")
        print(f"tip {tip.hex()}")
        print(f"root {root.hex()}")
        print(f"checkpoint entries {checkpoints}")
    print("intact" if not problems.lines else f"NOT intact: {len(problems.lines)} problems")
    return 0 if not problems.lines else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
