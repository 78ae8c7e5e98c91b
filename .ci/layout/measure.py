"""Checks of one printed document (a PDF: the server's own, or its DOCX printed by
LibreOffice) against NĐ 30/2020/NĐ-CP Phụ lục I: margins (top and bottom 20–25 mm, left
30–35 mm, right 15–20 mm), page numbers from page 2 centred in the top margin, at least
6 pt between paragraphs, the styles of the fixed parts, the signature block with the
distribution list, and copy text with spaces. Each check returns a list of faults
(page number or None, message); an empty list is a pass."""

from __future__ import annotations

import re
import statistics
import subprocess
import unicodedata

import pdfplumber

MM = 72 / 25.4  # points per millimetre
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM  # the smallest margins NĐ 30 allows
TOLERANCE = 1 * MM  # rounding of renderers and font bounding boxes
NUMBER_CENTRE = 15 * MM  # how far the page number may sit from the centre of the text area
MIN_PARAGRAPH_GAP = 6.0  # pt, NĐ 30 Phụ lục I: "tối thiểu là 6pt"
GAP_TOLERANCE = 0.5  # pt


def compact(text: str) -> str:
    """Text without white space, NFC: how a phrase is found whether or not the PDF has
    real spaces (their absence is its own check)."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", "", text))


def flat(text: str) -> str:
    """Every run of white space (line breaks too) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold", fontname, re.I))


def is_italic(fontname: str) -> bool:
    return bool(re.search(r"italic|oblique", fontname, re.I))


class Line:
    """A printed line: its page (1-based), box in points from the top-left, text and
    characters (without white space)."""

    def __init__(self, page: int, raw: dict):
        self.page = page
        self.chars = [c for c in raw["chars"] if c["text"].strip()]
        self.text = raw["text"]
        self.x0, self.x1 = raw["x0"], raw["x1"]
        self.top, self.bottom = raw["top"], raw["bottom"]
        self.size = statistics.median(c["size"] for c in self.chars) if self.chars else 0
        self.key = compact(self.text)

    def style_of(self, phrase: str) -> list[dict]:
        """The characters of `phrase` in this line (the whole line when its characters do
        not map one to one, as with combining marks)."""
        raw = "".join(c["text"] for c in self.chars)
        at = raw.find(re.sub(r"\s+", "", phrase))
        if at < 0:
            return self.chars
        return self.chars[at : at + len(re.sub(r"\s+", "", phrase))]


class Printed:
    """A PDF read once: its pages' size, lines and characters, and its copy text by
    pdfplumber and by poppler's pdftotext."""

    def __init__(self, path: str):
        self.path = path
        with pdfplumber.open(path) as pdf:
            self.count = len(pdf.pages)
            self.sizes = [(p.width, p.height) for p in pdf.pages]
            self.lines: list[Line] = []
            self.chars: list[tuple[int, dict]] = []
            self.tables: list[tuple[int, list]] = []
            texts = []
            for i, page in enumerate(pdf.pages, start=1):
                self.lines += [Line(i, raw) for raw in page.extract_text_lines(return_chars=True)]
                self.chars += [(i, c) for c in page.chars if c["text"].strip()]
                self.tables += [(i, t) for t in page.find_tables()]
                texts.append(page.extract_text() or "")
            self.plumber_text = "\n".join(texts)
        self.poppler_text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True).stdout

    def find(self, phrase: str) -> list[Line]:
        key = compact(phrase)
        return [line for line in self.lines if key and key in line.key]

    def number_words(self, page: int) -> list[Line]:
        """Lines of digits alone in the top margin of `page`."""
        return [l for l in self.lines if l.page == page and l.top < TOP and l.key.isdigit()]


def check_page_numbers(doc: Printed) -> list:
    faults = []
    for page in range(1, doc.count + 1):
        width = doc.sizes[page - 1][0]
        centre = (LEFT + width - RIGHT) / 2
        numbers = doc.number_words(page)
        if page == 1:
            if numbers:
                faults.append((1, f"page 1 carries a page number '{numbers[0].key}' (NĐ 30: none on the first page)"))
            continue
        good = [n for n in numbers if n.key == str(page) and abs((n.x0 + n.x1) / 2 - centre) <= NUMBER_CENTRE]
        if not good:
            seen = ", ".join(f"'{n.key}' at x={(n.x0 + n.x1) / 2 / MM:.0f} mm" for n in numbers) or "nothing"
            faults.append((page, f"no page number {page} centred in the top 20 mm (found {seen})"))
    return faults


def check_signature(doc: Printed, signer: str) -> list:
    """"Nơi nhận:", its last line ("Lưu: VT…") and the signer's name on one page."""
    where = doc.find("Nơi nhận:")
    archive = doc.find("Lưu: VT")
    # A long name wraps: its first and its last eight letters find where it begins and ends.
    key = compact(signer)
    begins = [l for l in doc.lines if key[:8] in l.key]
    ends = [l for l in doc.lines if key[-8:] in l.key]
    if not where or not begins or not ends:
        return [(None, f"cannot find {'Nơi nhận:' if not where else repr(signer)}")]
    pages = {"'Nơi nhận:'": where[-1].page}
    if begins[-1].page == ends[-1].page:
        pages[f"the signer '{signer[:40]}'"] = begins[-1].page
    else:
        pages[f"the signer's name '{signer[:24]}…' begins"] = begins[-1].page
        pages["ends"] = ends[-1].page
    if archive:
        pages["'Lưu: VT'"] = archive[-1].page
    if len(set(pages.values())) > 1:
        return [(max(pages.values()), "the signature block is split: " + ", ".join(f"{k} on page {v}" for k, v in pages.items()))]
    first = where[-1]
    # Text of the body above it (the left half: the signature block is on the right).
    width = doc.sizes[first.page - 1][0]
    before = [l for l in doc.lines if l.page == first.page and l.bottom <= first.top and l.x0 < width / 2 and not (l.top < TOP and l.key.isdigit())]
    if not before:
        return [(first.page, "the signature block stands alone at the top of the page, without the end of the text before it")]
    return []


def check_total_row(doc: Printed) -> list:
    """A table's total row is not alone at the top of a page."""
    faults = []
    for total in doc.find("Tổng cộng"):
        above = [l for l in doc.lines if l.page == total.page and l.bottom <= total.top and not l.key.isdigit()]
        if not above:
            faults.append((total.page, "the table's total row 'Tổng cộng' stands alone at the top of the page"))
    return faults


def check_margins(doc: Printed) -> list:
    faults = {}
    numbers = {(l.page, id(c)) for p in range(2, doc.count + 1) for l in doc.number_words(p) for c in l.chars}
    for page, c in doc.chars:
        if (page, id(c)) in numbers:
            continue
        width, height = doc.sizes[page - 1]
        out = []
        if c["x0"] < LEFT - TOLERANCE:
            out.append(f"{(LEFT - c['x0']) / MM:.1f} mm into the left margin")
        if c["x1"] > width - RIGHT + TOLERANCE:
            out.append(f"{(c['x1'] - width + RIGHT) / MM:.1f} mm into the right margin{' (off the page)' if c['x1'] > width else ''}")
        if c["top"] < TOP - TOLERANCE:
            out.append(f"{(TOP - c['top']) / MM:.1f} mm into the top margin")
        if c["bottom"] > height - BOTTOM + TOLERANCE:
            out.append(f"{(c['bottom'] - height + BOTTOM) / MM:.1f} mm into the bottom margin")
        if out:
            worst = faults.get(page)
            # One message per page: the glyph furthest out.
            score = max(c["x1"] - width + RIGHT, LEFT - c["x0"], TOP - c["top"], c["bottom"] - height + BOTTOM)
            if worst is None or score > worst[0]:
                line = next((l.text for l in doc.lines if l.page == page and c in l.chars), c["text"])
                faults[page] = (score, f"glyph '{c['text']}' {', '.join(out)} (line '{line[:50]}')")
    return [(page, msg) for page, (_, msg) in sorted(faults.items())]


def check_table_cells(doc: Printed) -> list:
    """No glyph of a table straddles one of its column rules (text printed over the next
    column)."""
    faults = []
    for page, table in doc.tables:
        xs = sorted({round(cell[0], 1) for cell in table.cells} | {round(cell[2], 1) for cell in table.cells})
        x0, top, x1, bottom = table.bbox
        for p, c in doc.chars:
            if p != page or c["top"] < top or c["bottom"] > bottom:
                continue
            rule = next((x for x in xs[1:-1] if c["x0"] < x - 0.5 and c["x1"] > x + 0.5), None)
            if rule is not None:
                line = next((l.text for l in doc.lines if l.page == page and c in l.chars), c["text"])
                faults.append((page, f"table text crosses the column rule at {rule / MM:.0f} mm: '{line[:50]}'"))
                break
    return faults


def body_lines(doc: Printed) -> list[Line]:
    """The lines from the first legal basis ("Căn cứ") to "Nơi nhận:" (the page number
    left out); from the first indented line after the document's name when there is no
    legal basis."""
    lines = [l for l in doc.lines if not (l.top < TOP and l.key.isdigit())]
    start = next((i for i, l in enumerate(lines) if l.key.startswith("Căncứ")), None)
    if start is None:
        # A report or an invitation: the body starts at the first line below the document's
        # name indented by the first-line indent (1 cm, 28.3 pt) — not a centred summary line.
        names = ("BÁOCÁO", "GIẤYMỜI", "KẾHOẠCH", "QUYẾTĐỊNH")
        name = next((i for i, l in enumerate(lines) if l.key.startswith(names)), None)
        if name is not None:
            start = next((i for i, l in enumerate(lines) if i > name and 24 <= l.x0 - LEFT <= 34), None)
    end = next((i for i, l in enumerate(lines) if l.key.startswith("Nơinhận")), len(lines))
    return lines[start:end] if start is not None else []


def check_paragraph_spacing(doc: Printed) -> list:
    """At least 6 pt between paragraphs: a paragraph starts where a line is indented
    (continuation lines start at the left margin); the gap before it, less the leading
    between lines inside a paragraph, is the paragraph spacing."""
    lines = body_lines(doc)
    if not lines:
        return [(None, "cannot find the body (no 'Căn cứ' line, nor an indented line after the document's name)")]
    in_table = lambda l: any(p == l.page and t.bbox[1] - 1 <= l.top and l.bottom <= t.bbox[3] + 1 for p, t in doc.tables)
    pairs = [(a, b) for a, b in zip(lines, lines[1:]) if a.page == b.page and not in_table(a) and not in_table(b)]
    leading = [b.top - a.bottom for a, b in pairs if abs(b.x0 - LEFT) < 3 and abs(b.size - a.size) < 0.5]
    lead = statistics.median(leading) if leading else 0.0
    faults = []
    for a, b in pairs:
        indent = b.x0 - LEFT
        if not (15 <= indent <= 45):  # a first-line indent of 0.5–1.6 cm
            continue
        gap = b.top - a.bottom - lead
        if gap < MIN_PARAGRAPH_GAP - GAP_TOLERANCE:
            faults.append((b.page, f"{gap:.1f} pt before the paragraph '{b.text[:40]}' (at least 6 pt)"))
    # One line per page keeps the output short; the count says how many.
    by_page = {}
    for page, msg in faults:
        by_page.setdefault(page, []).append(msg)
    return [(p, f"{m[0]}{f' and {len(m) - 1} more paragraphs' if len(m) > 1 else ''}") for p, m in by_page.items()]


def paragraph_of(lines: list[Line], first: int) -> list[Line]:
    """The line at `first` and its continuation lines (starting at the left margin)."""
    out = [lines[first]]
    for l in lines[first + 1 :]:
        if abs(l.x0 - LEFT) >= 3 or l.key.startswith("Căncứ"):
            break
        out.append(l)
    return out


def check_styles(doc: Printed, kind: str) -> list:
    """The styles NĐ 30 fixes: national title and motto bold, place and date italic, legal
    bases italic, section headings ("I. …") and articles' leads ("Điều 1.") bold,
    "Nơi nhận:" bold italic."""
    faults = []

    def need(line: Line, chars: list[dict], test, what: str) -> None:
        wrong = [c for c in chars if not test(c["fontname"])]
        if wrong:
            font = wrong[0]["fontname"].split("+")[-1]
            faults.append((line.page, f"'{line.text[:50]}' is not {what} ({font})"))

    for phrase in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]:
        for line in doc.find(phrase)[:1]:
            need(line, line.style_of(phrase), is_bold, "bold")
    for line in [l for l in doc.lines if re.search(r"ngày\d*tháng\d*năm\d*", l.key)][:1]:
        at = line.text.find(",")
        need(line, line.style_of(line.text[max(0, at - 3) :].strip()), is_italic, "italic")
    for line in doc.find("Nơi nhận:")[:1]:
        need(line, line.style_of("Nơi nhận:"), lambda f: is_bold(f) and is_italic(f), "bold italic")
    lines = body_lines(doc)
    for i, line in enumerate(lines):
        if line.key.startswith("Căncứ"):
            chars = [c for part in paragraph_of(lines, i) for c in part.chars]
            need(line, chars, is_italic, "italic (a legal basis)")
        elif re.match(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\S", line.key) and line.x0 - LEFT < 45:
            need(line, line.chars, is_bold, "bold (a section heading)")
        elif m := re.match(r"^Điều\d+\.", line.key):
            need(line, line.chars[: len(m.group(0))], is_bold, "bold (an article's lead)")
    if kind == "decision" and not any(re.match(r"^Điều\d+\.", l.key) for l in lines):
        faults.append((None, "no article 'Điều 1.' found"))
    return faults


def check_letters(doc: Printed, letters: list[str], test, what: str) -> list:
    """Every one of `letters` printed somewhere in a font that passes `test`."""
    have = {unicodedata.normalize("NFC", c["text"]) for _, c in doc.chars if test(c["fontname"])}
    # Letters the PDF spells as a base and combining marks count when composed in a line.
    have |= {ch for l in doc.lines if all(test(c["fontname"]) for c in l.chars) for ch in unicodedata.normalize("NFC", l.text)}
    missing = [ch for ch in letters if ch not in have]
    if missing:
        return [(None, f"{len(missing)} of {len(letters)} letters never printed {what}: {''.join(missing[:40])}")]
    return []


def check_copy_text(doc: Printed, phrases: list[str]) -> list:
    """The copy text (pdftotext and pdfplumber) holds each phrase with its spaces, in NFC."""
    faults = []
    for tool, text in (("pdftotext", doc.poppler_text), ("pdfplumber", doc.plumber_text)):
        if not unicodedata.is_normalized("NFC", text):
            odd = next(ch for ch in text if not unicodedata.is_normalized("NFC", ch) or unicodedata.combining(ch))
            faults.append((None, f"{tool}: the copy text is not NFC (holds U+{ord(odd):04X})"))
        words = flat(unicodedata.normalize("NFC", text))
        for phrase in phrases:
            if flat(phrase) not in words:
                squeezed = compact(phrase) in compact(text)
                faults.append((None, f"{tool}: the copy text lacks '{phrase[:50]}'" + (" (it is there without spaces)" if squeezed else "")))
    return faults
