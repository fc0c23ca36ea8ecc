#!/usr/bin/env python3
"""What a copy of the data directory gives away, read as bytes.

at-rest.py CANARIES.json [--amounts AMOUNTS.json] DIR [DIR ...]

Every file under each DIR (the database, its write-ahead log and shared memory, the job storage, free pages and all)
is searched for every canary value in UTF-8, UTF-16 (either byte order) and Big5. Then every SQLite database among
them is opened read-only and every value of every table is looked at again: a BLOB as its bytes, and any value that
reads as hex or base64 (with or without a "sealed1:KEYID:" prefix) decoded first. Prints one line, "FILES BYTES
VALUES FOUND", and names on standard error each canary found and where (its first characters only).
The canaries file itself (by its name, in every directory given) is left out: it is the demo's record of the values,
not data.

With --amounts (a JSON object whose "amounts" are whole numbers: a person's pay, which no one else is paid), each amount
is searched for too: as text in every file and every decoded value (UTF-8 and UTF-16, not inside a longer run of
digits), and, as a number or the text of one, in every column of every table of every SQLite database but the
tables' own keys (a column named id or ending in _id, whose values are counters, not pay). The line printed then
ends with how many amounts were found.
"""
import base64
import binascii
import json
import os
import re
import sqlite3
import sys

canaries = json.load(open(sys.argv[1], encoding="utf-8"))["values"]
skip = os.path.basename(sys.argv[1])
roots = sys.argv[2:]
amounts = []
if roots[:1] == ["--amounts"]:
    amounts = [int(a) for a in json.load(open(roots[1], encoding="utf-8"))["amounts"]]
    roots = roots[2:]
amount_texts = {a: str(a) for a in amounts}
amounts_found = set()


def forms(value):
    out = {value.encode("utf-8"), value.encode("utf-16-le"), value.encode("utf-16-be")}
    try:
        out.add(value.encode("big5"))
    except UnicodeEncodeError:
        pass
    return out


needles = [(c, forms(c)) for c in canaries]
found = set()
files = 0
total = 0


def search(data, where):
    for canary, fs in needles:
        if any(f in data for f in fs):
            if canary not in found:
                print(f"  at rest: canary {canary[:2]}... in {where}", file=sys.stderr)
            found.add(canary)
    for amount, text in amount_texts.items():
        if any(number_in(data, text, encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")):
            amount_seen(amount, where)


def amount_seen(amount, where):
    if amount not in amounts_found:
        print(f"  at rest: an amount canary ({len(str(amount))} digits) in {where}", file=sys.stderr)
    amounts_found.add(amount)


DIGITS = {encoding: {str(d).encode(encoding) for d in range(10)} for encoding in ("utf-8", "utf-16-le", "utf-16-be")}


def number_in(data, text, encoding):
    """The digits of text in data, with no digit (in the same encoding) just before or after them."""
    needle = text.encode(encoding)
    width = len("0".encode(encoding))
    digits = DIGITS[encoding]
    at = data.find(needle)
    while at >= 0:
        end = at + len(needle)
        if data[at - width:at] not in digits and data[end:end + width] not in digits:
            return True
        at = data.find(needle, at + 1)
    return False


HEX = re.compile(r"^(?:[0-9a-fA-F]{2}){8,}$")
B64 = re.compile(r"^[A-Za-z0-9+/]{12,}={0,2}$")


def decoded(value):
    """A value's bytes and the bytes of what it reads as (hex, base64, sealed text)."""
    if isinstance(value, bytes):
        yield value
        return
    if not isinstance(value, str):
        return
    text = value
    if text.startswith("sealed1:"):
        text = text.split(":", 2)[-1]
    if HEX.match(text):
        yield binascii.unhexlify(text)
    if B64.match(text) and len(text) % 4 == 0:
        try:
            yield base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            pass


databases = []
for root in roots:
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            if name == skip or not os.path.isfile(path):
                continue
            data = open(path, "rb").read()
            files += 1
            total += len(data)
            search(data, path)
            if data.startswith(b"SQLite format 3\x00"):
                databases.append(path)

values = 0
unread = 0
for path in databases:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        connection.text_factory = lambda b: b.decode("utf-8", "replace")
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            cursor = connection.execute(f"SELECT * FROM {quoted}")
            columns = [d[0] for d in cursor.description]
            keys = {i for i, c in enumerate(columns) if c.lower() == "id" or c.lower().endswith("_id")}
            for row in cursor:
                for i, value in enumerate(row):
                    if amounts and i not in keys and (
                            (isinstance(value, int) and value in amount_texts)
                            or (isinstance(value, str) and value.strip() in amount_texts.values())):
                        amount_seen(int(value), f"{os.path.basename(path)} column {table}.{columns[i]}")
                    for data in decoded(value):
                        values += 1
                        search(data, f"{os.path.basename(path)} table {table} (decoded)")
        connection.close()
    except sqlite3.DatabaseError as error:
        # A copy taken while a host wrote may not open as a database; its bytes were searched all the same.
        unread += 1
        print(f"  at rest: {path} does not open as a database ({error}); its bytes were searched", file=sys.stderr)

print(files, total, values, len(found), len(amounts_found))
