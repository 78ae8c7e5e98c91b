"""The documents the layout check measures: the demo plan and award decision as they are,
and awkward variants of each created through the API (40 recipients, a section of three
pages, a 170-character URL, the whole text in NFD, every Vietnamese letter in bold and in
italic). Only the standard library: the API is plain JSON over HTTP."""

from __future__ import annotations

import copy
import json
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field

# Tone marks and the vowel modifiers of Vietnamese (as combining characters, NFD).
TONES = {0x0300, 0x0301, 0x0303, 0x0309, 0x0323}
MODIFIERS = {0x0306: "a", 0x0302: "aeo", 0x031B: "ou"}


def vietnamese_letters() -> list[str]:
    """Every letter of Vietnamese written with a diacritic, lower and upper case: the vowels
    a e i o u y with at most one modifier (ă â ê ô ơ ư) and at most one tone, plus đ/Đ —
    134 letters, taken from the Unicode character database rather than typed."""
    letters = []
    for cp in list(range(0xC0, 0x1B1)) + list(range(0x1EA0, 0x1EFA)):
        decomposed = unicodedata.normalize("NFD", chr(cp))
        base, marks = decomposed[0].lower(), [ord(c) for c in decomposed[1:]]
        if base not in "aeiouy" or not marks:
            continue
        tones = [m for m in marks if m in TONES]
        mods = [m for m in marks if m in MODIFIERS]
        if len(tones) + len(mods) != len(marks) or len(tones) > 1 or len(mods) > 1:
            continue
        if mods and base not in MODIFIERS[mods[0]]:
            continue
        letters.append(chr(cp))
    letters += ["đ", "Đ"]
    assert len(letters) == 134, len(letters)
    return letters


LETTERS = vietnamese_letters()
# The letters as words of eight, so that a line can wrap between them.
LETTER_WORDS = " ".join("".join(LETTERS[i : i + 8]) for i in range(0, len(LETTERS), 8))

# A 170-character URL without a space (a link to a procedure on the national portal).
LONG_URL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001612&tinh_thanh=dak-lak&co_quan=ubnd-xa-tay-hoa&nam=2024&x="
LONG_URL += "0" * (170 - len(LONG_URL))
assert len(LONG_URL) == 170

SENTENCES = [
    "Rà soát, đánh giá kết quả thực hiện từng tiêu chí, tiêu chí thành phần của Bộ chỉ số cải cách hành chính, làm rõ nguyên nhân đạt điểm thấp và trách nhiệm của từng bộ phận.",
    "Tăng cường công tác kiểm tra, giám sát việc giải quyết thủ tục hành chính tại Bộ phận Một cửa, bảo đảm hồ sơ được giải quyết trước và đúng hạn, công khai, minh bạch.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của cơ quan hành chính nhà nước, nâng cao tỷ lệ hồ sơ trực tuyến toàn trình và một phần.",
    "Nâng cao chất lượng đội ngũ cán bộ, công chức; siết chặt kỷ luật, kỷ cương hành chính; thực hiện nghiêm quy tắc ứng xử khi tiếp xúc, giải quyết công việc của người dân.",
]


def recipients(count: int) -> list[dict]:
    """`count` distinct recipients of a plan's distribution list."""
    kinds = ["Phòng", "Ban", "Trung tâm", "Hội", "Chi bộ thôn"]
    names = ["Nội vụ", "Tài chính - Kế hoạch", "Văn hóa - Xã hội", "Kinh tế", "Tư pháp - Hộ tịch", "Địa chính - Xây dựng", "Quân sự", "Công an", "Phụ nữ", "Nông dân", "Cựu chiến binh", "Đoàn Thanh niên"]
    out = []
    for i in range(count):
        out.append({"name": f"{kinds[i % len(kinds)]} {names[i % len(names)]} số {i + 1}", "purpose": "thay b/c" if i % 3 == 0 else None})
    return out


def person_names(count: int, offset: int) -> list[str]:
    """`count` distinct names of people, starting at `offset` in a fixed list of 2,400."""
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
    middle = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Đức", "Xuân"]
    given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Phúc", "Quyên", "Sơn", "Tâm"]
    total = len(family) * len(middle) * len(given)
    out = []
    for i in range(offset, offset + count):
        n = i % total
        out.append(f"{family[n % 12]} {middle[(n // 12) % 10]} {given[(n // 120) % 20]}")
    return out


def nfd(value):
    """Every string inside `value` in Unicode NFD (decomposed: "ệ" as e + ̣ + ̂)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, list):
        return [nfd(v) for v in value]
    if isinstance(value, dict):
        return {k: nfd(v) for k, v in value.items()}
    return value


@dataclass
class Document:
    """One document to measure: its type ("plan", "decision"), variant, download path and
    what its text must show."""

    kind: str
    variant: str
    path: str
    signer: str
    # Phrases (NFC) the copy text must contain, words separated by single spaces.
    phrases: list[str] = field(default_factory=list)
    # Characters that must be printed bold, and italic, somewhere in it.
    bold_letters: list[str] = field(default_factory=list)
    italic_letters: list[str] = field(default_factory=list)


class Api:
    """JSON over HTTP with a bearer token. Every answer other than 2xx raises with the
    problem's text."""

    def __init__(self, base_url: str, token: str):
        self.base, self.token = base_url.rstrip("/"), token

    def request(self, method: str, path: str, body=None) -> bytes:
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=120) as answer:
                return answer.read()
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read()[:600].decode(errors='replace')}") from None

    def json(self, method: str, path: str, body=None):
        return json.loads(self.request(method, path, body) or b"null")


def plan_variants(api: Api) -> tuple[list[Document], list[str]]:
    """The demo plan 01/KH-UBND and five awkward plans made from its content."""
    found = api.json("GET", "/api/v1/plans?q=01/KH")["data"]
    demo = api.json("GET", f"/api/v1/plans/{found[0]['id']}")
    base = demo["content"]
    signer = base["signer"]["name"]
    common = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:", signer]
    docs = [Document("plan", "normal", f"/api/v1/plans/{demo['id']}/document", signer, common + ["Phòng Nội vụ (thay b/c)", "I. MỤC ĐÍCH, YÊU CẦU"])]

    errors: list[str] = []

    def create(variant: str, content: dict, phrases: list[str], **extra) -> None:
        try:
            plan = api.json("POST", "/api/v1/plans", {"unit_id": demo["unit_id"], "content": content})
        except RuntimeError as e:
            errors.append(f"plan/{variant}: {e}")
            return
        docs.append(Document("plan", variant, f"/api/v1/plans/{plan['id']}/document", signer, common + phrases, **extra))

    # A longer closing paragraph brings "Nơi nhận:" down to the middle of a page, so that
    # forty recipients (about 550 pt) no longer fit below it: the footer must move whole.
    c = copy.deepcopy(base)
    c["recipients"] = recipients(40)
    c["closing"] = " ".join(SENTENCES) + " " + c["closing"]
    create("recipients-40", c, [c["recipients"][39]["name"]])

    c = copy.deepcopy(base)
    c["contents"] = [{"text": f"Nội dung thứ {i + 1}: " + " ".join(SENTENCES[(i + k) % 4] for k in range(5)), "children": []} for i in range(12)]
    create("section-3-pages", c, ["Nội dung thứ 12:"])

    c = copy.deepcopy(base)
    c["purposes"] = c["purposes"] + [f"Tra cứu thủ tục tại {LONG_URL} trước khi nộp hồ sơ."]
    create("long-url", c, ["Tra cứu thủ tục tại"])

    create("nfd", nfd(copy.deepcopy(base)), [base["title"][:60]])

    c = copy.deepcopy(base)
    c["title"] = "Thử mọi chữ cái tiếng Việt " + LETTER_WORDS
    c["legal_bases"] = c["legal_bases"] + [{"document_type": "Văn bản", "issuer": "UBND xã", "summary": "về mọi chữ cái " + LETTER_WORDS}]
    create("letters", c, [], bold_letters=LETTERS, italic_letters=LETTERS)
    return docs, errors


def decision_variants(api: Api) -> tuple[list[Document], list[str]]:
    """The demo award decision of 2023 and awkward decisions granting new proposals of the
    demo's 2026 unit (xã Tây Hòa): 40 recipients with the longest distribution list, a URL in
    an achievement, the text in NFD, every letter in the legal bases and the signer's name."""
    demo = api.json("GET", "/api/v1/awards/decisions?year=2023")["data"][0]
    signer = demo["signer"]["name"]
    common = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:", "Điều 1."]
    docs = [Document("decision", "normal", f"/api/v1/awards/decisions/{demo['id']}/document", signer, common + [signer, "Nguyễn Thị Thu Hà"])]
    model = api.json("GET", "/api/v1/awards/decisions?year=2026")["data"][0]
    errors: list[str] = []
    # Names differ from run to run: one person is awarded a form once a year.
    offset = int(time.time()) % 2000

    def create(variant: str, names: list[str], achievement: str, tweak, phrases: list[str], in_nfd: bool = False, **extra) -> None:
        """A decision granting a Giấy khen to each of `names`; `tweak` changes the decision's
        body; `in_nfd` sends every text in NFD."""
        nonlocal offset
        offset += len(names)
        ids = []
        form = nfd if in_nfd else (lambda b: b)
        try:
            for name in names:
                p = {"unit_id": model["unit_id"], "year": model["year"], "form": model["form"], "recipient": {"kind": "person", "name": name}, "achievement": achievement}
                p = api.json("POST", "/api/v1/awards/proposals", form(p))
                api.json("POST", f"/api/v1/awards/proposals/{p['id']}/submit")
                review = {"recommend": True, "votes_for": 5, "votes_against": 0, "minutes_reference": "09/BB-HĐTĐKT"}
                api.json("POST", f"/api/v1/awards/proposals/{p['id']}/review", form(review))
                ids.append(p["id"])
            body = {k: model[k] for k in ("unit_id", "form", "issuing_body", "parent_body", "issuer_code", "place", "legal_bases", "proposed_by", "funding_source", "executors", "distribution", "signer")}
            body["proposal_ids"] = ids
            body = form(tweak(body))
            d = api.json("POST", "/api/v1/awards/decisions", body)
        except RuntimeError as e:
            errors.append(f"decision/{variant}: {e}")
            return
        try:  # issued (a number and money), when today's date is allowed; else a draft
            api.json("POST", f"/api/v1/awards/decisions/{d['id']}/issue", {})
        except RuntimeError:
            pass
        docs.append(Document("decision", variant, f"/api/v1/awards/decisions/{d['id']}/document", unicodedata.normalize("NFC", body["signer"]["name"]), common + [unicodedata.normalize("NFC", body["signer"]["name"])] + phrases, **extra))

    def more_distribution(body: dict) -> dict:
        body["distribution"] = [f"Thôn {i + 1} (để thực hiện)" for i in range(20)]
        return body

    names = person_names(40, offset)
    create("recipients-40", names, "Có thành tích xuất sắc trong công tác cải cách hành chính năm 2026.", more_distribution, [names[-1], "Thôn 20 (để thực hiện)", "Tổng cộng"])
    names = person_names(2, offset)
    create("long-url", names, f"Xây dựng trang {LONG_URL} phục vụ người dân.", lambda b: b, [names[0]])
    names = person_names(2, offset)
    create("nfd", names, "Có thành tích xuất sắc trong công tác cải cách hành chính năm 2026.", lambda b: b, [names[0], "Tổng cộng"], in_nfd=True)

    def letters(body: dict) -> dict:
        body["legal_bases"] = body["legal_bases"] + ["Văn bản về mọi chữ cái " + LETTER_WORDS]
        body["signer"] = dict(body["signer"], name=LETTER_WORDS)
        return body

    create("letters", person_names(1, offset), "Có thành tích.", letters, [], bold_letters=LETTERS, italic_letters=LETTERS)
    return docs, errors


def pack_variants(plans: list[Document]) -> tuple[list[Document], list[str]]:
    """The conference pack's papers: the evaluation report of the demo plan (its unit's
    2023 assessment, ranking and chart) and the invitation of each plan above — the
    awkward plans' participants, NFD text and every letter travel into it."""
    docs: list[Document] = []
    common = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:"]
    for plan in plans:
        base = plan.path.removesuffix("/document")
        if plan.variant == "normal":
            docs.append(Document("report", "normal", f"{base}/conference-pack/report", plan.signer, common + [plan.signer, "BÁO CÁO"]))
        if plan.variant in ("normal", "nfd", "letters"):
            docs.append(Document("invitation", plan.variant, f"{base}/conference-pack/invitation", plan.signer, common + [plan.signer, "GIẤY MỜI"]))
    return docs, []
