"""rendercv (PyPI `rendercv`, Typst) with its built-in themes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import locale_data as L
from ..content import Resume
from ..photo import make_photo
from .common import TOOLS, Output, ProducerError, run, smart_quotes

THEMES = ["classic", "sb2nov", "engineeringresumes", "engineeringclassic", "moderncv"]
NAME_SCRIPTS = None  # Typst with system fonts prints every script we generate

CJK_FONT = {"zh": "Noto Sans CJK SC", "ja": "Noto Sans CJK JP"}
LATIN_FONTS = ["Source Sans 3", "Charter", "Lato", "Raleway", "XCharter", "Open Sans"]

RENDERCV_EN_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]

EDU_FIRST_ROW = {
    "sb2nov": "**INSTITUTION**\n*AREA*",
    "engineeringresumes": "**INSTITUTION**, AREA -- LOCATION",
    "moderncv": "**INSTITUTION**, AREA -- LOCATION",
}

PAGE_TEMPLATES = {
    "en": ("NAME - Page PAGE_NUMBER of TOTAL_PAGES", "Last updated in TODAY"),
    "de": ("NAME - Seite PAGE_NUMBER von TOTAL_PAGES", "Stand: TODAY"),
    "fr": ("NAME - Page PAGE_NUMBER sur TOTAL_PAGES", "Mis à jour en TODAY"),
    "es": ("NAME - Página PAGE_NUMBER de TOTAL_PAGES", "Actualizado en TODAY"),
    "zh": ("NAME - 第PAGE_NUMBER页 / 共TOTAL_PAGES页", "更新于 TODAY"),
    "ja": ("NAME - PAGE_NUMBER / TOTAL_PAGES ページ", "最終更新 TODAY"),
}


def available() -> str | None:
    exe = TOOLS / "venv" / "bin" / "rendercv"
    return None if exe.exists() else f"{exe} missing (pip install rendercv[full] failed?)"


PACKAGES = Path(__file__).resolve().parents[2] / "typst-packages"
TYPST_DATA = TOOLS / "typst-data"


def _typst_packages() -> dict:
    """rendercv's themes import @preview/fontawesome; the machines reach no Typst
    registry, so the stand-in in scripts/corpus/typst-packages is linked into a
    Typst data dir of our own."""
    link = TYPST_DATA / "typst" / "packages" / "preview"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            link.symlink_to(PACKAGES / "preview")
        except FileExistsError:
            pass
    return {"XDG_DATA_HOME": str(TYPST_DATA)}


def _version() -> str:
    try:
        import importlib.metadata as m

        return f"rendercv {m.version('rendercv')}"
    except Exception:  # noqa: BLE001
        return "rendercv"


def render(r: Resume, variant: str, work: Path, rng) -> list[Output]:
    theme = variant
    # rendercv 2.3 drops a "++" that ends an entry ("Go, C++" prints "Go, C"):
    # such an item goes first, and the truth follows the printed order
    r.skill_groups = [(label, sorted(g, key=lambda s: not s.endswith("+"))) for label, g in r.skill_groups]
    cjk = r.lang in CJK_FONT
    font = CJK_FONT[r.lang] if cjk else rng.choice(LATIN_FONTS)
    truth = r.truth()
    features = {"columns": 1, "sidebar": False, "photo": r.photo, "font": font, "theme": theme}

    cv: dict = {"name": r.name, "location": r.location, "email": r.email, "phone": r.phone_e164}
    phone_format = rng.choice(["national", "international"])
    import phonenumbers

    pn = phonenumbers.parse(r.phone_e164, None)
    truth["phone"] = phonenumbers.format_number(
        pn, phonenumbers.PhoneNumberFormat.NATIONAL if phone_format == "national"
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    truth["phone_e164"] = r.phone_e164

    social, links = [], []
    for l in r.links:
        if l.type == "linkedin":
            social.append({"network": "LinkedIn", "username": l.handle})
            links.append({"type": "linkedin", "as_written": l.handle, "url": f"https://linkedin.com/in/{l.handle}"})
        elif l.type == "github":
            social.append({"network": "GitHub", "username": l.handle})
            links.append({"type": "github", "as_written": l.handle, "url": f"https://github.com/{l.handle}"})
        elif l.type == "homepage":
            cv["website"] = l.url
            links.append({"type": "homepage", "as_written": l.handle, "url": l.url})
    if social:
        cv["social_networks"] = social
    truth["links"] = links
    if r.photo:
        make_photo(r.seed, work / "profile_picture.jpg")  # rendercv 2.3 templates expect this name
        cv["photo"] = str((work / "profile_picture.jpg").resolve())

    sections: dict = {}
    if r.summary:
        sections[r.heading("summary")] = [r.summary]
    sections[r.heading("experience")] = [
        {"company": p.company, "position": p.title, "date": p.dates_as_written,
         **({"location": p.location} if p.location else {}),
         "highlights": p.highlights}
        for p in r.positions
    ]
    edu = []
    for e in r.education:
        edu.append({"institution": e.institution, "area": e.degree, "date": e.dates_as_written})
    sections[r.heading("education")] = edu
    for e, te in zip(r.education, truth["education"]):
        # rendercv reads a lone "2011-06" as a date and prints it in the locale's format
        m = re.fullmatch(r"(\d{4})-(\d{2})", e.dates_as_written)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if r.lang in L.MONTHS_FULL and r.lang != "en":
                te["dates_as_written"] = f"{L.MONTHS_FULL[r.lang][mo - 1]} {y}"
            elif r.lang in ("zh", "ja"):
                te["dates_as_written"] = f"{y}年{mo}月"
            else:
                te["dates_as_written"] = f"{RENDERCV_EN_ABBR[mo - 1]} {y}"
    for ed_truth in truth["education"]:
        ed_truth["location"] = None
    if any(label for label, _ in r.skill_groups):
        sections[r.heading("skills")] = [{"label": label, "details": ", ".join(g)} for label, g in r.skill_groups]
    else:
        sections[r.heading("skills")] = [", ".join(r.skill_groups[0][1])]
    sections[r.heading("languages")] = [{"label": a, "details": b} for a, b in r.languages]
    if r.projects:
        sections[r.heading("projects")] = [{"name": t, "date": d} for t, d in r.projects]
    if r.certifications:
        sections[r.heading("certifications")] = [{"bullet": c} for c in r.certifications]
    if r.interests:
        sections[r.heading("interests")] = [", ".join(r.interests)]
    cv["sections"] = sections
    truth["headline"] = None  # rendercv 2.3 has no headline field

    page, updated = PAGE_TEMPLATES[r.lang]
    design: dict = {
        "theme": theme,
        "page": {"size": rng.choice(["a4", "us-letter"]) if r.lang == "en" else "a4",
                 "show_page_numbering": rng.random() < 0.6, "show_last_updated_date": rng.random() < 0.5},
        "text": {"font_family": font},
        "header": {"name_font_family": font, "connections_font_family": font},
        "section_titles": {"font_family": font},
    }
    if theme == "moderncv":
        design.pop("header")
        design.pop("section_titles")
    if theme in EDU_FIRST_ROW:
        # the full degree goes in AREA; drop the theme's "DEGREE in " (a user's usual edit)
        design["entry_types"] = {"education_entry": {"main_column_first_row_template": EDU_FIRST_ROW[theme]}}
    loc = {"language": r.lang, "page_numbering_template": page, "last_updated_date_template": updated,
           "phone_number_format": phone_format}
    if r.lang in L.MONTHS_FULL:
        loc["full_names_of_months"] = L.MONTHS_FULL[r.lang]
        loc["abbreviations_for_months"] = L.MONTHS_ABBR[r.lang]
        loc["date_template"] = "FULL_MONTH_NAME YEAR"
    elif r.lang in ("zh", "ja"):
        loc["date_template"] = "YEAR年MONTH月"
    doc = {
        "cv": cv,
        "design": design,
        "locale": loc,
        "rendercv_settings": {"date": "2025-06-30"},
    }
    src = work / f"{r.id}.yaml"
    src.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    pdf = work / f"{r.id}.pdf"
    (work / "fonts").mkdir(exist_ok=True)
    run([str(TOOLS / "venv" / "bin" / "rendercv"), "render", src.name, "--pdf-path", pdf.name,
         "-nomd", "-nohtml", "-nopng"], cwd=work, timeout=240, env=_typst_packages())
    if not pdf.exists():
        raise ProducerError("rendercv wrote no PDF")
    truth = smart_quotes(truth)  # Typst prints ' as ’ (smartquote)
    return [Output(r.id, pdf, "pdf", "typst", _version(), f"rendercv/{theme}", features, truth)]
