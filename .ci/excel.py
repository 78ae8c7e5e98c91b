#!/usr/bin/env python3
"""CSV as Excel users handle it, against a running demo server.

Usage: python3 .ci/excel.py BASE_URL TOKEN

1. Downloads the criteria sheet of a demo framework (GET /api/v1/index/frameworks, then
   GET .../criteria?format=csv) and checks that it starts with the UTF-8 byte order mark
   that Excel on Windows needs to read it as UTF-8, and that its file name travels as an
   ASCII `filename` and a UTF-8 `filename*` (RFC 6266 / RFC 8187).
2. Opens it as Excel and Python users do (encoding "utf-8-sig", csv.reader) and checks
   that the header and a Vietnamese name read back intact.
3. Saves it again as Vietnamese-locale Excel does ("CSV UTF-8": byte order mark, ';' as
   the delimiter, CRLF line ends) and imports it into a draft copy of the framework
   (POST .../copy, then PUT .../criteria as text/csv), checking the tree is unchanged.

Python 3.11 standard library only. Exits 1 with a message naming the failed check.
"""

import csv
import io
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

BOM = b"\xef\xbb\xbf"
HEADER = ["code", "name", "max_points", "method", "responsible", "metric", "thresholds"]


def fail(message):
    print(f"excel.py: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def call(base, token, method, path, body=None, content_type=None, headers=None):
    """One request; answers (status, headers, body bytes), fails on a transport error."""
    request = urllib.request.Request(base.rstrip("/") + path, data=body, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Accept-Language", "en")
    if content_type:
        request.add_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
    except OSError as e:
        fail(f"{method} {path}: {e}")


def expect(answer, status, what):
    code, headers, body = answer
    if code != status:
        fail(f"{what}: expected {status}, got {code}: {body[:2000].decode('utf-8', 'replace')}")
    return headers, body


def has_vietnamese(text):
    return any(ord(c) > 127 and c.isalpha() for c in text)


def main():
    if len(sys.argv) != 3:
        fail("usage: python3 .ci/excel.py BASE_URL TOKEN")
    base, token = sys.argv[1], sys.argv[2]

    # 1. A demo framework and its sheet.
    _, body = expect(call(base, token, "GET", "/api/v1/index/frameworks?limit=100"), 200,
                     "list frameworks")
    frameworks = json.loads(body)["data"]
    if not frameworks:
        fail("the demo server has no framework")
    framework = frameworks[0]
    sheet_path = f"/api/v1/index/frameworks/{framework['id']}/criteria?format=csv"
    headers, sheet = expect(call(base, token, "GET", sheet_path), 200, "download the sheet")
    if not sheet.startswith(BOM):
        fail(f"the CSV download does not start with the UTF-8 BOM: {sheet[:20]!r}")
    if sheet[len(BOM):].startswith(BOM):
        fail("the CSV download starts with two byte order marks")
    disposition = headers.get("Content-Disposition", "")
    if 'filename="' not in disposition or "filename*=UTF-8''" not in disposition:
        fail(f"the download is not named with filename and filename*: {disposition!r}")
    real_name = urllib.parse.unquote(disposition.split("filename*=UTF-8''", 1)[1])
    if not real_name.endswith(".csv"):
        fail(f"filename* does not name a .csv file: {real_name!r}")
    print(f"downloaded {real_name!r} ({len(sheet)} bytes, BOM present)")

    # 2. Read it back as Excel and Python users do.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "criteria.csv")
        with open(path, "wb") as f:
            f.write(sheet)
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    if not rows or rows[0][: len(HEADER)] != HEADER:
        fail(f"the header does not read back as {HEADER}: {rows[:1]}")
    names = [row[1] for row in rows[1:] if len(row) > 1]
    if not any(has_vietnamese(name) for name in names):
        fail(f"no Vietnamese name read back from the sheet: {names[:5]}")
    if any("\ufffd" in name or "Ã" in name for name in names):
        fail(f"garbled names in the sheet: {names[:5]}")
    by_code = {row[0]: row[1] for row in rows[1:] if len(row) > 1}
    print(f"read {len(rows) - 1} rows, e.g. {names[0]!r}")

    # 3. Save it as Vietnamese-locale Excel does and import it into a draft copy.
    # Excel in the Vietnamese locale also writes decimal commas ("0,25").
    excel_rows = [rows[0]] + [[*r[:2], r[2].replace(".", ","), *r[3:]] for r in rows[1:]]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(excel_rows)
    semicolon = out.getvalue().encode("utf-8-sig")
    if b";" not in semicolon.split(b"\r\n", 1)[0]:
        fail("the rewritten header has no semicolon")
    copy_body = json.dumps({"year": 2099}).encode()
    headers, body = expect(
        call(base, token, "POST", f"/api/v1/index/frameworks/{framework['id']}/copy",
             copy_body, "application/json"),
        201, "copy the framework into a draft")
    draft = json.loads(body)
    if draft.get("status") != "draft":
        fail(f"the copy is not a draft: {draft.get('status')}")
    etag = headers.get("ETag") or f'"{draft["version"]}"'
    _, body = expect(
        call(base, token, "PUT", f"/api/v1/index/frameworks/{draft['id']}/criteria",
             semicolon, "text/csv; charset=utf-8", {"If-Match": etag}),
        200, "import the semicolon-separated sheet")
    imported = json.loads(body)

    def codes_and_names(nodes):
        for node in nodes:
            yield node["code"], node["name"]
            yield from codes_and_names(node.get("children", []))

    read = dict(codes_and_names(imported["areas"]))
    if read != by_code:
        changed = sorted(set(read.items()) ^ set(by_code.items()))[:5]
        fail(f"the imported tree differs from the sheet: {changed}")
    print(f"imported {len(read)} rows separated by ';' into draft {draft['id']}")

    # A sheet no delimiter splits is refused with the delimiters named.
    code, _, body = call(base, token, "PUT", f"/api/v1/index/frameworks/{draft['id']}/criteria",
                         b"ma|ten\r\n1|A\r\n", "text/csv", {"If-Match": f'"{imported["version"]}"'})
    if code != 422 or b"comma, semicolon or tab" not in body:
        fail(f"a garbled header: expected 422 naming the delimiters, got {code}: {body[:500]!r}")
    print("excel.py: OK")


if __name__ == "__main__":
    main()
