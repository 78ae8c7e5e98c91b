"""Layout check of the official documents (issue 16): creates the demo's documents and
awkward variants through the API, downloads each as PDF and DOCX, prints the DOCX with
LibreOffice, and measures both PDFs (measure.py). Page 1 of each document type is compared
with a committed reference image.

    python check.py BASE_URL TOKEN OUT_DIR [--update-references] [--report FILE]

Prints one line per failed check ("FAIL <type>/<variant> <format> p<page> <check>: what is
wrong") and exits 1 if any failed; --report writes every check, passed or not, as JSON.
Needs pdfplumber and Pillow (requirements.txt), poppler-utils, LibreOffice and a Liberation
Serif with Vietnamese letters (Debian's fonts-liberation2)."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

import fixtures
import measure

HERE = Path(__file__).resolve().parent
REFERENCES = HERE / "reference"
# Mean absolute difference of page 1 at 50 dpi (414 × 585 px), greyscale, as a share of
# full scale. Measured on the demo plan: the same poppler renders the same PDF to the same
# pixels (0 %); the number and date of a draft left blank, 0.16 %; one paragraph more on
# page 1, 3 %; every line 1 px (0.5 mm) lower, 4.9 %; the plan's DOCX printed by LibreOffice
# against its PDF, 10 %. 0.1 % lets a changed word or another poppler's antialiasing pass
# and sees a moved line, rule or block — what a layout change is.
IMAGE_TOLERANCE = 0.001


class Results:
    """Every check's outcome, printed when it fails."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, doc: str, fmt: str, check: str, faults: list) -> None:
        if not faults:
            self.items.append({"document": doc, "format": fmt, "check": check, "ok": True})
        for page, message in faults:
            self.items.append({"document": doc, "format": fmt, "check": check, "ok": False, "page": page, "message": message})
            where = f" p{page}" if page else ""
            print(f"FAIL {doc} {fmt}{where} {check}: {message}", flush=True)

    @property
    def failed(self) -> int:
        return sum(1 for i in self.items if not i["ok"])


def environment(results: Results) -> bool:
    """The tools, and a Times New Roman stand-in with Vietnamese letters for LibreOffice
    (Liberation Serif 1.x lacks "ệ" and LibreOffice then falls back glyph by glyph)."""
    faults = [(None, f"'{tool}' is not installed") for tool in ("soffice", "pdftoppm", "pdftotext", "fc-list") if not shutil.which(tool)]
    if shutil.which("fc-list"):
        families = subprocess.run(["fc-list", ":charset=1ec7", "family"], capture_output=True, text=True).stdout
        if "Liberation Serif" not in families:
            faults.append((None, "no Liberation Serif with Vietnamese letters (install fonts-liberation2): LibreOffice would print the DOCX with other fonts"))
    results.add("environment", "-", "tools", faults)
    return not faults


def download(api: fixtures.Api, docs: list[fixtures.Document], out: Path) -> None:
    """Each document as PDF and DOCX, and the DOCX files printed by LibreOffice (one run,
    its own profile so that another LibreOffice running does not take the job)."""
    (out / "docx-pdf").mkdir(parents=True, exist_ok=True)
    for d in docs:
        stem = f"{d.kind}-{d.variant}"
        for fmt in ("pdf", "docx"):
            (out / f"{stem}.{fmt}").write_bytes(api.request("GET", f"{d.path}?format={fmt}"))
    profile = out / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out / "docx-pdf")]
        + [str(out / f"{d.kind}-{d.variant}.docx") for d in docs],
        check=True, capture_output=True, timeout=600,
    )


def measure_document(d: fixtures.Document, out: Path, results: Results) -> None:
    name = f"{d.kind}/{d.variant}"
    stem = f"{d.kind}-{d.variant}"
    printed = {}
    for fmt, path in (("pdf", out / f"{stem}.pdf"), ("docx", out / "docx-pdf" / f"{stem}.pdf")):
        if not path.exists() or path.stat().st_size == 0:
            results.add(name, fmt, "opens", [(None, f"no PDF at {path}")])
            continue
        try:
            doc = measure.Printed(str(path))
        except Exception as e:  # a PDF pdfplumber or pdftotext cannot read is a failure too
            results.add(name, fmt, "opens", [(None, f"{type(e).__name__}: {e}")])
            continue
        printed[fmt] = doc
        results.add(name, fmt, "page-numbers", measure.check_page_numbers(doc))
        results.add(name, fmt, "signature-with-distribution", measure.check_signature(doc, d.signer))
        results.add(name, fmt, "margins", measure.check_margins(doc))
        results.add(name, fmt, "table-cells", measure.check_table_cells(doc))
        results.add(name, fmt, "total-row-kept", measure.check_total_row(doc))
        results.add(name, fmt, "paragraph-spacing", measure.check_paragraph_spacing(doc))
        results.add(name, fmt, "styles", measure.check_styles(doc, d.kind))
        results.add(name, fmt, "copy-text", measure.check_copy_text(doc, d.phrases))
        if d.bold_letters:
            results.add(name, fmt, "letters-bold", measure.check_letters(doc, d.bold_letters, measure.is_bold, "bold"))
        if d.italic_letters:
            results.add(name, fmt, "letters-italic", measure.check_letters(doc, d.italic_letters, measure.is_italic, "italic"))
    if len(printed) == 2:
        pdf, docx = printed["pdf"].count, printed["docx"].count
        results.add(name, "both", "page-count", [] if pdf == docx else [(None, f"the PDF has {pdf} pages, the DOCX printed by LibreOffice {docx}")])


def page_one(pdf: Path, png_stem: Path) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png_stem)], check=True)
    return png_stem.with_suffix(".png")


def compare_reference(kind: str, out: Path, references: Path, update: bool, results: Results) -> None:
    """Page 1 of the demo document of `kind` against <references>/<kind>.png."""
    image = page_one(out / f"{kind}-normal.pdf", out / f"{kind}-page1")
    reference = references / f"{kind}.png"
    if update:
        references.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image, reference)
        print(f"wrote {reference}")
        return
    if not reference.exists():
        results.add(f"{kind}/normal", "pdf", "reference-image", [(1, f"no reference image {reference} (run with --update-references once the layout is right)")])
        return
    new, old = Image.open(image).convert("L"), Image.open(reference).convert("L")
    if new.size != old.size:
        results.add(f"{kind}/normal", "pdf", "reference-image", [(1, f"page 1 is {new.size} px, the reference {old.size}")])
        return
    diff = ImageStat.Stat(ImageChops.difference(new, old)).mean[0] / 255
    if diff > IMAGE_TOLERANCE:
        ImageChops.difference(new, old).point(lambda v: 255 - v).save(out / f"{kind}-page1-diff.png")
        results.add(f"{kind}/normal", "pdf", "reference-image", [(1, f"page 1 differs from the reference by {diff:.2%} (tolerance {IMAGE_TOLERANCE:.1%}); see {kind}-page1-diff.png")])
    else:
        results.add(f"{kind}/normal", "pdf", "reference-image", [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url")
    parser.add_argument("token")
    parser.add_argument("out_dir")
    parser.add_argument("--update-references", action="store_true", help="write page 1 of each type as the new reference image")
    parser.add_argument("--report", help="write every check's outcome as JSON to this file")
    parser.add_argument("--references", default=str(REFERENCES), help="the folder of reference images (default: reference/ beside this script)")
    args = parser.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results = Results()
    if environment(results):
        api = fixtures.Api(args.base_url, args.token)
        docs: list[fixtures.Document] = []
        for kind, make in (("plan", fixtures.plan_variants), ("decision", fixtures.decision_variants)):
            try:
                made, errors = make(api)
            except RuntimeError as e:  # the demo document itself is missing
                made, errors = [], [str(e)]
            docs += made
            results.add(f"{kind}/*", "-", "fixtures", [(None, e) for e in errors])
        made, errors = fixtures.pack_variants([d for d in docs if d.kind == "plan"])
        docs += made
        results.add("pack/*", "-", "fixtures", [(None, e) for e in errors])
        download(api, docs, out)
        for d in docs:
            measure_document(d, out, results)
        for kind in sorted({d.kind for d in docs if d.variant == "normal"}):
            compare_reference(kind, out, Path(args.references), args.update_references, results)
    if args.report:
        Path(args.report).write_text(json.dumps({"failed": results.failed, "checks": results.items}, ensure_ascii=False, indent=1))
    passed = len(results.items) - results.failed
    print(f"layout: {passed} checks passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
