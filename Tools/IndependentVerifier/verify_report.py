#!/usr/bin/env python3
"""An independent check of a TransferLedger report bundle's evidence, from Schema/FORMAT.md Part III.

Shares no code with the Swift implementation (only verify.py beside it, for §1–§3 and §14–§15). It
checks what makes a bundle evidence rather than a claim:

  * §27         report.sig signed by the log key, each listed file's SHA-256, and no other file;
  * §22, §22.1  report.json's layout, every entry line in full, as a stub or by hash only, rebuilt
                into its entry hash (§1.1–§1.3) and linked to the line before it;
  * §26, §15    the range's hashes and the range proof rebuilding the root of the evidence checkpoint,
                signed by the log key, whose size is `rangeEnd`;
  * §22.5       each registry entry the header names, by its RFC 9162 inclusion proof;
  * §22.1, §25  which entries are in scope (the latest version of each transfer, matched against the
                period and filters by its header), that every line has the form the rules require for
                it (so nothing in scope hides behind a stub), every `supersededBy` claim settled, and
                the counts of the integrity block and `sections.totals.records`.

It does not regenerate the sections, transfers.csv or report.html; `ledger verify-report` does.

Usage: verify_report.py BUNDLE_DIR --key VERIFIER_KEY_FILE
Prints one line per problem and a summary; exits 0 when the evidence holds, 1 when not, 2 on usage.
"""

import base64
import hashlib
import os
import sys

from verify import (EMPTY_ROOT, NoHeader, NotCanonical, VerifierKey, canonical, canonical_object,
                    entry_bytes, instant, node, parse_checkpoint, parse_json, parse_note, stub_header,
                    verify_note)

FORMAT = "transferledger-report/2"
LISTED = ["report.json", "transfers.csv", "report.html"]
FILTERS = ["exporter", "importer", "onBehalfOf", "destination", "region"]


class Problems(list):
    def add(self, where, message):
        self.append(f"{where}: {message}")


def check_signature(directory, keys, problems):
    """§27: returns the report id the signed note names, or None."""
    names = sorted(os.listdir(directory))
    for name in names:
        if name not in LISTED + ["report.sig"]:
            problems.add(name, "a file report.sig does not list (§27)")
    try:
        body, signatures = parse_note(open(os.path.join(directory, "report.sig"), encoding="utf-8").read())
    except (OSError, ValueError) as error:
        problems.add("report.sig", f"does not parse: {error}")
        return None
    failure = verify_note(body, signatures, keys)
    if failure:
        problems.add("report.sig", f"{failure} (§27)")
    lines = body.split("\n")
    if lines[0] != FORMAT or not lines[1].startswith("report "):
        problems.add("report.sig", f"the text does not start with '{FORMAT}' and the report line (§27)")
    listed = {}
    for line in lines[2:]:
        if line:
            parts = line.split(" ")
            if len(parts) != 3 or parts[0] != "sha256":
                problems.add("report.sig", f"'{line}' is not a 'sha256 HEX FILE' line (§27)")
                continue
            listed[parts[2]] = parts[1]
    if sorted(listed) != sorted(LISTED):
        problems.add("report.sig", f"lists {sorted(listed)}, not {sorted(LISTED)} (§27)")
    for name, digest in listed.items():
        try:
            data = open(os.path.join(directory, name), "rb").read()
        except OSError:
            problems.add(name, "is missing")
            continue
        if hashlib.sha256(data).hexdigest() != digest:
            problems.add(name, "its SHA-256 is not the one report.sig lists (§27)")
    return lines[1][len("report "):] if len(lines) > 1 else None


def range_root(leaves, start, size, proof):
    """§26: the root of [0, size) from the leaves of [start, size) and the proof, or None."""
    proof = list(proof)

    def inside(lo, hi):
        if hi - lo == 1:
            return leaves[lo - start]
        k = 1 << ((hi - lo - 1).bit_length() - 1)
        return node(inside(lo, lo + k), inside(lo + k, hi))

    def walk(lo, hi):
        if hi <= start:
            if not proof:
                raise ValueError("the range proof is too short")
            return proof.pop(0)
        if lo >= start:
            return inside(lo, hi)
        k = 1 << ((hi - lo - 1).bit_length() - 1)
        return node(walk(lo, lo + k), walk(lo + k, hi))

    if start == size:
        root = proof.pop(0) if proof else None
    elif size == 0:
        root = EMPTY_ROOT
    else:
        root = walk(0, size)
    if proof:
        raise ValueError("the range proof is longer than the walk needs")
    return root


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 §2.1.3.2: whether `proof` proves leaf `index` of a tree of `size` with `root`."""
    if index >= size:
        return False
    fn, sn, result = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node(sibling, result)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = node(result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and result == root


def check_registry_evidence(items, size, root, problems):
    """§22.5: each registry entry the header names is the ledger's, by an inclusion proof."""
    for index, item in enumerate(items):
        where = f"evidence.registry[{index}]"
        try:
            raw = base64.b64decode(item["canonical"])
            version, seq, kind, _, _, framed, digest = parse_canonical(raw)
            proof = [bytes.fromhex(sibling) for sibling in item["inclusionProof"]]
        except (KeyError, ValueError, IndexError) as error:
            problems.add(where, f"is not a registry entry with canonical bytes and an inclusion proof: {error}")
            continue
        if seq != item.get("seq") or kind != "registry":
            problems.add(where, f"its canonical bytes are entry {seq} of kind {kind}, not registry entry {item.get('seq')}")
        if version == 2:
            payload = base64.b64decode(item.get("payload", ""))
            if hashlib.sha256(payload).digest() != digest or framed != b"{}":
                problems.add(where, "its payload is not the one its canonical bytes frame (§1.1, §22.5)")
        if not verify_inclusion(seq, size, hashlib.sha256(b"\x00" + raw).digest(), proof, root):
            problems.add(where, "its inclusion proof does not rebuild the checkpoint's root (§12, §22.5)")


def entry_header(kind, payload_bytes, where, problems):
    try:
        return stub_header(kind, parse_json(payload_bytes))
    except (NoHeader, ValueError, NotCanonical) as error:
        problems.add(where, f"the payload yields no header: {error} (§1.3)")
        return None


def parse_canonical(raw):
    """The fields of §1.1 entry bytes: (format, seq, kind, recordedAt, previousHash, framed, digest)."""
    version, seq = raw[0], int.from_bytes(raw[1:9], "big")
    at = 9
    kind = raw[at + 1:at + 1 + raw[at]]; at += 1 + raw[at]
    recorded = raw[at + 1:at + 1 + raw[at]]; at += 1 + raw[at]
    previous = raw[at:at + 32]; at += 32
    length = int.from_bytes(raw[at:at + 4], "big"); at += 4
    framed = raw[at:at + length]; at += length
    digest = raw[at:]
    return version, seq, kind.decode(), recorded.decode(), previous, framed, digest


def verify_bundle(directory, keys):
    problems = Problems()
    check_signature(directory, keys, problems)
    try:
        lines = open(os.path.join(directory, "report.json"), "rb").read().split(b"\n")
    except OSError as error:
        problems.add("report.json", f"cannot be read: {error}")
        return problems, None
    if lines[0] != b'{"entries":[' or lines[-1] != b"" or not lines[-2].startswith(b"],"):
        problems.add("report.json", "is not laid out as §22 says (opening line, one entry per line, closing line)")
        return problems, None
    try:
        # §22: canonical, except that `subjectRange.max` may be null.
        closing = canonical_object(b"{" + lines[-2][2:], "the closing line", allow_null=True)
    except NotCanonical as error:
        problems.add("report.json", f"{error} (§22)")
        return problems, None
    if closing.get("format") != FORMAT:
        problems.add("report.json", f"format is not {FORMAT}")
    header, integrity, evidence = closing.get("header", {}), closing.get("integrity", {}), closing.get("evidence", {})

    # The evidence checkpoint (§15) and what the range must rebuild.
    try:
        body, signatures = parse_note(evidence["checkpoint"])
        failure = verify_note(body, signatures, keys)
        if failure:
            problems.add("evidence.checkpoint", f"{failure} (§15)")
        _, size, signed_root = parse_checkpoint(body)
    except (KeyError, ValueError) as error:
        problems.add("evidence.checkpoint", f"does not parse: {error}")
        return problems, None
    start, end = integrity.get("rangeStart"), integrity.get("rangeEnd")
    if end != size:
        problems.add("integrity.rangeEnd", f"{end} is not the checkpoint's size {size} (§24)")
    filters = header.get("filters", {})
    narrowed = bool(filters)
    period = (instant(header.get("periodStart", "")), instant(header.get("periodEnd", "")))

    def in_period(text):
        moment = instant(text) if isinstance(text, str) else None
        return moment is not None and period[0] <= moment < period[1]

    def matches(entry_header):
        return all(entry_header.get(name) == value for name, value in filters.items())

    leaves, previous, expected = [], None, start
    counts = {"shown": 0, "stubbed": 0, "hashOnly": 0, "inScope": 0, "occurredAfterRecorded": 0}
    seen_format2 = False
    claimed_by = {}      # seq of a later version -> [(earlier seq, shown in full)], awaiting it
    claim_of = {}        # earlier seq -> the later version its line names
    requests = {}        # requestId -> (seq, its line's supersededBy) of its last state so far
    for number, raw_line in enumerate(lines[1:-2], start=1):
        where = f"report.json line {number + 1}"
        text = raw_line[1:] if raw_line.startswith(b",") else raw_line
        if (number == 1) == raw_line.startswith(b","):
            problems.add(where, "entry lines after the first start with ',' (§22)")
        try:
            line = canonical_object(text, "the entry line")
        except NotCanonical as error:
            problems.add(where, f"{error} (§22)")
            continue
        seq = line.get("seq")
        where = f"entry {seq}"
        if seq != expected:
            problems.add(where, f"expected entry {expected} here: the range is not contiguous (§22.1)")
        expected = (seq if isinstance(seq, int) else expected) + 1
        stated = bytes.fromhex(line.get("hash", "")) if isinstance(line.get("hash"), str) else b""
        kind, entry_head, recorded_at, form, version = None, None, None, None, None
        if "canonical" in line:
            form = "full"
            raw = base64.b64decode(line["canonical"])
            version, raw_seq, kind, recorded_at, link, framed, digest = parse_canonical(raw)
            if raw_seq != seq:
                problems.add(where, "its canonical bytes name another sequence number")
            if version == 1:
                entry_head = entry_header(kind, framed, where, problems)
            elif version == 2:
                payload = base64.b64decode(line.get("payload", ""))
                if hashlib.sha256(payload).digest() != digest:
                    problems.add(where, "the payload does not hash to the payloadDigest its canonical bytes frame (§22.1)")
                entry_head = entry_header(kind, payload, where, problems)
                if entry_head is not None and canonical(entry_head).encode() != framed:
                    problems.add(where, "the header its payload yields is not the one its canonical bytes frame (§22.1)")
            computed = hashlib.sha256(b"\x00" + raw).digest()
        elif "header" in line:
            form, version = "stub", 2
            kind, recorded_at, entry_head = line.get("kind"), line.get("recordedAt"), line.get("header")
            link = bytes.fromhex(line["previousHash"]) if "previousHash" in line else previous
            if "previousHash" in line and number != 1:
                problems.add(where, "only the first line of the range states previousHash (§22.1)")
            if link is None:
                problems.add(where, "the first stub of the range states no previousHash (§22.1)")
                link = bytes(32)
            header_bytes = canonical(entry_head).encode()
            computed = hashlib.sha256(b"\x00" + entry_bytes(2, seq, kind.encode(), recorded_at.encode(), link,
                                                            header_bytes, bytes.fromhex(line["payloadDigest"]))).digest()
        else:
            form, computed, link = "hashOnly", stated, previous
            if not narrowed:
                problems.add(where, "a report with no filter shows no entry by hash only (§22.1)")
        if computed != stated:
            problems.add(where, "does not hash to its stated hash (§1.2, §22.1)")
        if previous is not None and link is not None and link != previous:
            problems.add(where, "its previousHash is not the previous line's hash (§25)")
        if version == 2:
            seen_format2 = True
        elif seen_format2:
            problems.add(where, "a format-1 or hash-only line after a format-2 line (§22.1)")
        previous = stated
        leaves.append(stated)
        counts[{"full": "shown", "stub": "stubbed", "hashOnly": "hashOnly"}[form]] += 1

        later = line.get("supersededBy")
        if later is not None:
            claim_of[seq] = later
        # Transfers and corrections: scope by their (corrected) header, latest version only.
        if kind in ("transfer", "correction") and entry_head is not None:
            if form != "hashOnly" and isinstance(entry_head.get("occurredAt"), str) and \
                    (instant(entry_head["occurredAt"]) or 0) > (instant(recorded_at) or 0):
                counts["occurredAfterRecorded"] += 1
                if not line.get("occurredAfterRecorded"):
                    problems.add(where, "occurred after it was recorded but is not flagged (§22.1)")
            scope = later is None and matches(entry_head) and in_period(entry_head.get("occurredAt"))
            if kind == "correction":
                target = entry_head.get("supersedes")
                if isinstance(target, int) and target >= start:
                    if claim_of.get(target) != seq:
                        problems.add(where, f"supersedes entry {target} of the range, whose line does not name it as supersededBy (§22.1)")
                    earlier = claimed_by.pop(seq, [])
                else:
                    earlier = []
            else:
                earlier = []
            if later is not None:
                claimed_by.setdefault(later, []).extend(earlier + [(seq, form == "full")])
            else:
                counts["inScope"] += 1 if scope else 0
                for earlier_seq, shown in earlier:
                    if shown != scope:
                        problems.add(f"entry {earlier_seq}", f"an earlier version {'shown' if shown else 'not shown'} in full, while its latest version (entry {seq}) is {'' if scope else 'not '}in scope (§22.1)")
            # The latest version is in full exactly when in scope; earlier ones are settled above.
            if version == 2 and later is None and (form == "full") != scope:
                problems.add(where, f"{'shown in full' if form == 'full' else 'a stub'} but {'not ' if not scope else ''}in scope (§22.1)")
        elif kind == "govAccessRequest" and entry_head is not None:
            request = entry_head.get("requestId")
            if request in requests and not narrowed and requests[request][1] != seq:
                problems.add(where, f"a newer state of request entry {requests[request][0]} that its line does not name (§22.1)")
            requests[request] = (seq, later)
            wanted = not narrowed and later is None and in_period(entry_head.get("receivedAt"))
            if version == 2 and (form == "full") != wanted:
                problems.add(where, f"a request state {'shown in full' if form == 'full' else 'stubbed'} against §22.1's rule")
        elif version == 2 and form == "full" and kind not in ("transfer", "correction", "govAccessRequest"):
            problems.add(where, f"a {kind} entry shown in full; §22.1 stubs it")

    for later, earlier in claimed_by.items():
        for earlier_seq, _ in earlier:
            problems.add(f"entry {earlier_seq}", f"names entry {later} as its later version, which does not settle it (§22.1)")
    for request, (seq, later) in requests.items():
        if later is not None:
            problems.add(f"entry {seq}", f"names entry {later} as the request's newer state, which is not one (§22.1)")
    if expected != end:
        problems.add("report.json", f"the entries end at {expected}, not at rangeEnd {end} (§22.1)")

    check_registry_evidence(evidence.get("registry", []), size, signed_root, problems)
    try:
        proof = [bytes.fromhex(item) for item in evidence.get("rangeProof", [])]
        root = range_root(leaves, start, size, proof)
        if root != signed_root:
            problems.add("evidence.rangeProof", "the range's hashes and the proof do not rebuild the checkpoint's root (§26)")
    except (ValueError, IndexError) as error:
        problems.add("evidence.rangeProof", f"{error} (§26)")

    for member, count in [("entriesShown", counts["shown"]), ("entriesStubbed", counts["stubbed"]),
                          ("entriesHashOnly", counts["hashOnly"]), ("entriesInRange", len(leaves)),
                          ("occurredAfterRecorded", counts["occurredAfterRecorded"])]:
        if integrity.get(member) != count:
            problems.add(f"integrity.{member}", f"says {integrity.get(member)}, the lines give {count} (§22.2)")
    records = closing.get("sections", {}).get("totals", {}).get("records")
    if records != counts["inScope"]:
        problems.add("sections.totals.records", f"says {records}, the lines put {counts['inScope']} transfers in scope (§22.1)")
    return problems, (len(leaves), counts)


def main(arguments):
    if len(arguments) != 3 or arguments[1] != "--key":
        print("usage: verify_report.py BUNDLE_DIR --key VERIFIER_KEY_FILE", file=sys.stderr)
        return 2
    try:
        keys = [VerifierKey(open(arguments[2], encoding="utf-8").read())]
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    problems, summary = verify_bundle(arguments[0], keys)
    for line in problems:
        print(line)
    if summary:
        entries, counts = summary
        print(f"entries {entries} (in full {counts['shown']}, stubs {counts['stubbed']}, hash only {counts['hashOnly']})")
        print(f"in scope {counts['inScope']}")
    print("evidence holds" if not problems else f"NOT valid: {len(problems)} problems")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
