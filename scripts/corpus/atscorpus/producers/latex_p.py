"""LaTeX from Debian's texlive: pdfLaTeX (moderncv, europasscv), XeLaTeX
(sidebar/multi-column, Chinese/Japanese grid), LuaLaTeX (one column)."""

from __future__ import annotations

import re
from pathlib import Path

from .. import locale_data as L
from ..content import Resume
from ..photo import make_photo
from .common import Output, ProducerError, have, run, smart_quotes, squeeze_cjk_spaces, tool_version

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "latex"

MODERNCV_STYLES = ["classic", "casual", "banking"]
VARIANTS = {
    **{f"moderncv-{s}": {"engine": "pdflatex", "langs": ["en", "de", "fr", "es"]} for s in MODERNCV_STYLES},
    "europasscv": {"engine": "pdflatex", "langs": ["en", "de", "fr", "es"]},
    "sidebar2": {"engine": "xelatex", "langs": L.LANGS},
    "sidebar3": {"engine": "xelatex", "langs": L.LANGS},
    "cjk-grid": {"engine": "xelatex", "langs": ["zh", "ja"]},
    "cjk-plain": {"engine": "xelatex", "langs": ["zh", "ja"]},
    "onecol-lualatex": {"engine": "lualatex", "langs": ["en", "de", "fr", "es", "ja"]},
}
# \today and the PDF dates: the corpus's "today", not the wall clock
FIXED_DATE = {"SOURCE_DATE_EPOCH": "1751241600", "FORCE_SOURCE_DATE": "1"}
PRODUCER = {"pdflatex": "pdftex", "xelatex": "xetex", "lualatex": "luatex"}
BABEL = {"en": "english", "de": "ngerman", "fr": "french", "es": "spanish,es-nolayout", "zh": "english", "ja": "english"}
ECVLANG = {"en": "english", "de": "german", "fr": "french", "es": "spanish"}
LATIN_FONTS = ["TeX Gyre Heros", "TeX Gyre Pagella", "TeX Gyre Termes", "Lato", "Carlito", "Noto Sans",
               "Noto Serif", "Open Sans", "Liberation Serif", "DejaVu Sans"]
WIDE_FONTS = ["Noto Sans", "Noto Serif", "DejaVu Sans", "Open Sans"]  # Cyrillic, Greek, Vietnamese
CJK_FONTS = {"zh": ["Noto Sans CJK SC", "Noto Serif CJK SC"], "ja": ["Noto Sans CJK JP", "Noto Serif CJK JP"],
             "ko": ["Noto Sans CJK KR"]}
ACCENTS = ["1F4E79", "2E7D32", "8E24AA", "C62828", "00838F", "37474F", "EF6C00"]
DOC_TITLES = {"zh": ["个人简历", "简历", None], "ja": ["職務経歴書", "履歴書", None]}


def name_scripts(variant: str) -> set[str] | None:
    if VARIANTS[variant]["engine"] == "pdflatex":
        return {"latin", "latin-ext"}
    if VARIANTS[variant]["engine"] == "lualatex":
        return {"latin", "latin-ext", "latin-viet", "cyrillic", "greek", "han", "kana"}
    return None


def available(variant: str) -> str | None:
    engine = VARIANTS[variant]["engine"]
    if not have(engine):
        return f"{engine} not installed"
    return None


_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
            "%": r"\%", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex_escape(s) -> str:
    if s is None:
        return ""
    return "".join(_SPECIAL.get(c, c) for c in str(s))


def _env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        block_start_string="((*", block_end_string="*))",
        variable_start_string="<<", variable_end_string=">>",
        comment_start_string="((#", comment_end_string="#))",
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
        finalize=lambda x: "" if x is None else x,
    )


def _has_cjk(s: str) -> bool:
    return bool(re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", s))


def render(r: Resume, variant: str, work: Path, rng) -> list[Output]:
    spec = VARIANTS[variant]
    engine = spec["engine"]
    env = _env()
    env.filters["e"] = tex_escape
    truth = r.truth()
    if r.photo:
        make_photo(r.seed, work / "photo.jpg")
    ctx = dict(
        name=r.name, headline=r.headline, summary=r.summary, email=r.email, phone=r.phone,
        location=r.location, positions=r.positions, education=r.education, skill_groups=r.skill_groups,
        languages=r.languages, projects=r.projects, certifications=r.certifications, interests=r.interests,
        photo=r.photo, h=r.headings, labels=L.LABELS[r.lang], lang=r.lang, engine=engine,
        babel=BABEL[r.lang], accent=rng.choice(ACCENTS), paper="a4paper" if r.lang != "en" or rng.random() < 0.5
        else "letterpaper",
    )
    features = {"columns": 1, "sidebar": False, "photo": r.photo, "engine": engine}
    links = []
    for l in r.links:
        links.append({"type": l.type, "handle": l.handle, "as_written": l.as_written, "url": l.url,
                      "as_link": l.url.replace("https://", "")})
    ctx["links"] = links

    if variant.startswith("moderncv-"):
        style = variant.split("-", 1)[1]
        first, _, last = r.name.rpartition(" ")
        ctx.update(style=style, color=rng.choice(["blue", "orange", "green", "red", "purple", "grey", "black"]),
                   first=first or r.name, last=last if first else "", hintwidth=rng.choice(["3cm", "3.4cm"]))
        ctx["paper"] = "a4paper" if ctx["paper"] == "a4paper" else "letterpaper"
        tmpl = "moderncv.tex.j2"
        features.update(template=f"moderncv/{style}", label_column=style in ("classic", "oldstyle"))
        # moderncv prints the handle for LinkedIn/GitHub and the homepage as given
        truth["links"] = [{"type": l.type, "as_written": l.handle, "url": l.url} for l in r.links]
        # the banking/casual/classic headers print the title; all print the name once
    elif variant == "europasscv":
        ctx["ecvlang"] = ECVLANG[r.lang]
        tmpl = "europasscv.tex.j2"
        features.update(template="europasscv", label_column=True)
        truth["links"] = [{"type": l.type, "as_written": (l.handle if l.type == "homepage" else
                                                          l.url.replace("https://", "")), "url": l.url}
                          for l in r.links]
        truth["notes"].append("Europass: every label sits in a right-aligned left column at the height of its value")
    elif variant.startswith("sidebar"):
        ncols = 3 if variant == "sidebar3" else 2
        wide = r.name_scripts in ("cyrillic", "greek", "latin-viet")
        font = rng.choice(WIDE_FONTS if wide else LATIN_FONTS)
        cjk_lang = "ko" if r.name_scripts == "hangul" else r.lang
        cjk_font = rng.choice(CJK_FONTS[cjk_lang]) if (cjk_lang in CJK_FONTS) else None
        side_right = ncols == 2 and rng.random() < 0.3
        order = (["main", "side"] if side_right else ["side", "main"]) if ncols == 2 else ["side", "main", "right"]
        ratio = ([0.7] if side_right else [0.3]) if ncols == 2 else [0.28, 0.46]
        sidebg = rng.choice(["FFFFFF", "EEF2F7", "F3F3F3", "E8F0E8"])
        ctx.update(ncols=ncols, order=order, ratio=ratio, side_col=order.index("side"), sidebg=sidebg,
                   font=font, cjk_font=cjk_font, margin=rng.choice(["1.2cm", "1.5cm"]),
                   colsep=rng.choice(["1.2em", "2em"]), caps=rng.random() < 0.4,
                   entry_style=rng.choice(["hfill", "above", "label"] if ncols == 2 else ["hfill", "above"]),
                   contact_labels=rng.random() < 0.4, skills_as_lines=rng.random() < 0.5,
                   header_in_column=rng.random() < 0.35, photo_in_header=rng.random() < 0.4)
        ctx["edu_style"] = "above" if ncols == 3 else ctx["entry_style"]
        tmpl = "sidebar.tex.j2"
        features.update(template=f"sidebar{ncols}", columns=ncols, sidebar=True,
                        sidebar_side="right" if side_right else "left", font=font, cjk_font=cjk_font,
                        entry_style=ctx["entry_style"])
        truth["links"] = [{"type": l.type, "as_written": l.as_written, "url": l.url} for l in r.links]
        if ctx["header_in_column"]:
            truth["notes"].append("the name and headline sit at the top of the main column, beside the sidebar")
    elif variant.startswith("cjk-"):
        grid = variant == "cjk-grid"
        ctex = r.lang == "zh" and rng.random() < 0.5
        cjk_font = "FandolSong" if ctex else rng.choice(CJK_FONTS[r.lang])
        title = rng.choice(DOC_TITLES[r.lang])
        headline_label = {"zh": "求职意向", "ja": "希望職種"}[r.lang]
        if grid and r.headline:
            head = r.headline.split("：", 1)[-1]
            ctx["headline"] = head
            truth["headline"] = head
        ctx.update(grid=grid, ctex=ctex, headline_label=headline_label, cjk_font=cjk_font, font=rng.choice(["TeX Gyre Termes", "Noto Sans", "Lato"]),
                   doc_title=title, list_sep_cjk=rng.random() < 0.5)
        tmpl = "cjk.tex.j2"
        features.update(template=variant, table_layout=grid, cjk_font=cjk_font, columns=4 if grid else 1)
        truth["links"] = [] if grid else [{"type": l.type, "as_written": l.as_written, "url": l.url} for l in r.links]
        if title:
            truth["notes"].append(f"document title '{title}' above the name is not the name")
        if ctx["list_sep_cjk"]:
            truth["notes"].append("skills separated by the ideographic comma 、")
    else:  # onecol-lualatex
        font = rng.choice(LATIN_FONTS if r.name_scripts not in ("cyrillic", "greek", "latin-viet", "hangul")
                          else WIDE_FONTS)
        if r.name_scripts == "hangul":
            raise ProducerError("no Hangul font wired into the LuaLaTeX template")
        cjk_font = rng.choice(CJK_FONTS["ja"]) if r.lang == "ja" else None
        rows = [links[i:i + 3] for i in range(0, len(links), 3)]
        ctx.update(font=font, cjk_font=cjk_font, company_first=rng.random() < 0.5,
                   page_numbers=rng.random() < 0.5, link_rows=rows)
        tmpl = "lualatex.tex.j2"
        features.update(template="onecol-lualatex", font=font, header_columns=3)
        truth["links"] = [{"type": l.type, "as_written": l.as_written, "url": l.url} for l in r.links]

    src = work / f"{r.id}.tex"
    src.write_text(env.get_template(tmpl).render(**ctx), encoding="utf-8")
    for _ in range(3):  # again while LaTeX asks for it (paracol, lastpage, hyperref)
        run([engine, "-interaction=nonstopmode", "-halt-on-error", src.name], cwd=work, timeout=300,
            env=FIXED_DATE)
        log = (work / f"{r.id}.log").read_text(encoding="utf-8", errors="replace")
        if not re.search(r"Rerun to get|Rerun LaTeX|may have changed|Please rerun", log):
            break
    pdf = work / f"{r.id}.pdf"
    if not pdf.exists():
        raise ProducerError(f"{engine} wrote no PDF")
    truth = smart_quotes(truth)
    if engine == "xelatex" and (ctx.get("cjk_font") or variant.startswith("cjk-")):
        truth = squeeze_cjk_spaces(truth)
    tool = tool_version([engine, "--version"])
    return [Output(r.id, pdf, "pdf", PRODUCER[engine], tool, features.get("template", variant), features, truth)]
