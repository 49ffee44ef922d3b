"""Check a rendered document against its truth: every value the truth states
must be findable in the document's own text (pdftotext for PDF, the XML for
DOCX/ODT). Whitespace, soft hyphens, line-break hyphens and apostrophe shape
are ignored; nothing else is."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path


def extract_text(path: Path) -> str:
    """For a PDF: pdftotext's reading order and its -layout text, one after the
    other (a value may be whole in either one)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        out = []
        for extra in ([], ["-layout"]):
            p = subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"], capture_output=True,
                               timeout=120)
            out.append(p.stdout.decode("utf-8", "replace"))
        return "\n\f\n".join(out)
    if suffix in (".docx", ".odt"):
        member = "word/document.xml" if suffix == ".docx" else "content.xml"
        with zipfile.ZipFile(path) as z:
            xml = z.read(member).decode("utf-8")
        xml = re.sub(r"<(w:p|text:p|text:h)[ >/]", "\n<\\1 ", xml)
        xml = re.sub(r"<(w:tab|text:tab)\b[^>]*/>", "\t", xml)
        text = re.sub(r"<[^>]+>", "", xml)
        return (text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", '"').replace("&apos;", "'"))
    raise ValueError(path)


RANGE_SPLIT = re.compile(r" – | - | — | to | bis | à | a |～|〜|—|–")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower()
    s = s.replace("\u00ad", "").replace("\u2019", "'").replace("\u2018", "'")
    # the wave dash and the fullwidth tilde share a glyph in CJK fonts: pdftotext
    # gives back either; the hyphen glyph comes back as U+2010
    s = s.replace("\u301c", "~").replace("\u2010", "-")
    return re.sub(r"\s+", "", s)


def found(value: str, text_n: str, text_nh: str) -> bool:
    v = norm(value)
    if not v:
        return True
    return v in text_n or v.replace("-", "").replace("\u2010", "") in text_nh


def check(truth: dict, text: str, producer: str) -> tuple[list[str], list[str]]:
    """(misses that make the document wrong, optional fields absent)."""
    t = norm(text)
    th = t.replace("-", "").replace("\u2010", "")
    hard, soft = [], []

    def need(label, value, optional=False):
        if value is None or value == "":
            return
        if label.endswith("dates_as_written") and not found(str(value), t, th):
            # a range wrapped in a narrow date column comes out of pdftotext
            # interleaved with the text beside it: each of its words must be there
            toks = re.findall(r"\d+|[^\W\d_]+|\S", str(value))
            if all(norm(x) in t for x in toks):
                return
        if not found(str(value), t, th):
            (soft if optional else hard).append(f"{label}: {value!r}")

    need("name", truth.get("name"))
    need("email", truth.get("email"))
    need("phone", truth.get("phone"), optional=producer == "chrome")
    need("headline", truth.get("headline"), optional=producer == "chrome")
    need("location", truth.get("location"), optional=producer == "chrome")
    for i, p in enumerate(truth.get("positions", [])):
        need(f"positions[{i}].title", p.get("title"))
        need(f"positions[{i}].company", p.get("company"))
        need(f"positions[{i}].location", p.get("location"), optional=producer == "chrome")
        need(f"positions[{i}].dates_as_written", p.get("dates_as_written"))
    for i, e in enumerate(truth.get("education", [])):
        need(f"education[{i}].institution", e.get("institution"))
        need(f"education[{i}].degree", e.get("degree"))
        need(f"education[{i}].dates_as_written", e.get("dates_as_written"))
    for i, s in enumerate(truth.get("skills", [])):
        need(f"skills[{i}]", s, optional=producer == "chrome")
    for i, l in enumerate(truth.get("languages", [])):
        need(f"languages[{i}].language", l.get("language"), optional=producer == "chrome")
    return hard, soft


def fix_chrome_truth(truth: dict, text: str, theme: str) -> list[str]:
    """A JSON Resume theme decides what it prints: drop from the truth what the
    page does not show, so the truth never states a value the document lacks."""
    t = norm(text)
    th = t.replace("-", "")
    notes = []
    for key in ("phone", "headline", "location"):
        if truth.get(key) and not found(truth[key], t, th):
            notes.append(f"{key} not printed by the theme")
            truth[key] = None
    for p in truth.get("positions", []):
        if p.get("location") and not found(p["location"], t, th):
            p["location"] = None
    kept = [s for s in truth.get("skills", []) if found(s, t, th)]
    if len(kept) != len(truth.get("skills", [])):
        notes.append("skill keywords not printed by the theme are left out of skills")
        truth["skills"] = kept
        if "skills_by_group" in truth:
            truth["skills_by_group"] = {k: [s for s in v if s in kept] for k, v in truth["skills_by_group"].items()}
    langs = [l for l in truth.get("languages", []) if found(l["language"], t, th)]
    if len(langs) != len(truth.get("languages", [])):
        truth["languages"] = langs
    for e in truth.get("education", []):
        if theme == "kendall":  # prints the years only
            for k in ("start", "end"):
                if e.get(k):
                    e[k] = e[k][:4]
            e["date_precision"] = "year"
        if e.get("end") and e["end"][:4] not in text:
            e["start"] = e["end"] = e["year"] = None
    for l in truth.get("links", []):
        host = l["url"].split("//", 1)[-1].rstrip("/")
        handle = host.rsplit("/", 1)[-1]
        if found(l["url"], t, th):
            l["as_written"] = l["url"]
        elif found(host, t, th):
            l["as_written"] = host
        elif found(handle, t, th):
            l["as_written"] = handle
    truth["links"] = [l for l in truth.get("links", []) if l.get("as_written")]
    return notes


def pdf_pages(path: Path) -> int | None:
    try:
        p = subprocess.run(["pdfinfo", str(path)], capture_output=True, timeout=60, text=True)
        m = re.search(r"^Pages:\s+(\d+)", p.stdout, re.M)
        return int(m.group(1)) if m else None
    except Exception:  # noqa: BLE001
        return None
