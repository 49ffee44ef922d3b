"""DOCX written with python-docx (one column, table sidebar, date-label table),
kept as .docx and converted by LibreOffice to PDF and to ODT."""

from __future__ import annotations

import shutil
from pathlib import Path

from .. import locale_data as L
from ..content import Resume
from ..photo import make_photo
from .common import Output, ProducerError, have, run, tool_version

LAYOUTS = ["onecol", "table-sidebar", "table-dates"]
NAME_SCRIPTS = None
LATIN_FONTS = ["Carlito", "Liberation Sans", "Caladea", "Liberation Serif", "DejaVu Sans", "Lato", "Open Sans"]
CJK_FONTS = {"zh": "Noto Sans CJK SC", "ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR"}
SEPARATORS = [" | ", " · ", "  •  ", " – "]


def available(variant: str) -> str | None:
    try:
        import docx  # noqa: F401
    except ImportError:
        return "python-docx not installed"
    if not have("soffice"):
        return "soffice (libreoffice-writer) not installed"
    return None


def _set_font(doc, font: str, cjk: str | None, size: float):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    st = doc.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for k in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(k), font)
    rfonts.set(qn("w:eastAsia"), cjk or font)
    for name in ("Heading 1", "Heading 2", "Title", "List Bullet"):
        try:
            s = doc.styles[name]
            s.font.name = font
            r2 = s.element.get_or_add_rPr()
            rf = r2.find(qn("w:rFonts"))
            if rf is None:
                rf = r2.makeelement(qn("w:rFonts"), {})
                r2.append(rf)
            for k in ("w:ascii", "w:hAnsi", "w:cs"):
                rf.set(qn(k), font)
            rf.set(qn("w:eastAsia"), cjk or font)
            for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rf.attrib.pop(qn(a), None)
        except KeyError:
            pass


def _shade(cell, hex_color: str):
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): hex_color})
    tcpr.append(shd)


def _no_borders(table):
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    borders = tblpr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    tblpr.append(borders)


def build_docx(r: Resume, layout: str, path: Path, rng, photo: Path | None) -> dict:
    from docx import Document
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    sec = doc.sections[0]
    if r.lang == "en" and rng.random() < 0.5:
        sec.page_width, sec.page_height = Cm(21.59), Cm(27.94)
    else:
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(rng.choice([1.5, 1.8, 2.0])))
    cjk_lang = "ko" if r.name_scripts == "hangul" else r.lang
    font = rng.choice(LATIN_FONTS if r.name_scripts not in ("cyrillic", "greek", "latin-viet")
                      else ["DejaVu Sans", "Liberation Sans", "Open Sans"])
    cjk = CJK_FONTS.get(cjk_lang)
    _set_font(doc, font, cjk, rng.choice([10, 10.5, 11]))
    accent = RGBColor.from_string(rng.choice(["1F4E79", "2E7D32", "7B1FA2", "333333", "B71C1C"]))
    sep = rng.choice(SEPARATORS)
    use_heading_styles = rng.random() < 0.6
    text_width = sec.page_width - sec.left_margin - sec.right_margin

    def para(container, text="", bold=False, size=None, color=None, style=None, italic=False):
        p = container.add_paragraph(style=style) if style else container.add_paragraph()
        if text:
            run_ = p.add_run(text)
            run_.bold = bold
            run_.italic = italic
            if size:
                run_.font.size = Pt(size)
            if color is not None:
                run_.font.color.rgb = color
        p.paragraph_format.space_after = Pt(2)
        return p

    def heading(container, text):
        if use_heading_styles and container is doc:
            h = doc.add_heading(text, level=1)
            for run_ in h.runs:
                run_.font.color.rgb = accent
            return h
        p = para(container, text.upper() if rng.random() < 0.3 else text, bold=True, size=13, color=accent)
        p.paragraph_format.space_before = Pt(8)
        return p

    def first_para(cell, text="", **kw):
        p = cell.paragraphs[0]
        if text:
            run_ = p.add_run(text)
            run_.bold = kw.get("bold", False)
            if kw.get("size"):
                run_.font.size = Pt(kw["size"])
            if kw.get("color") is not None:
                run_.font.color.rgb = kw["color"]
        return p

    def bullets(container, items):
        for x in items:
            try:
                para(container, x, style="List Bullet")
            except KeyError:
                para(container, f"• {x}")

    def position_block(container, p, width):
        if layout == "table-dates":
            return  # written by the dates table
        if layout == "table-sidebar":  # narrow cell: the dates get their own line
            para(container, p.title, bold=True)
            para(container, f"{p.dates_as_written}{sep}{p.company}" + (f", {p.location}" if p.location else ""),
                 italic=True)
            bullets(container, p.highlights)
            return
        line = para(container)
        line.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        b = line.add_run(p.title)
        b.bold = True
        line.add_run(f"\t{p.dates_as_written}")
        para(container, p.company + (f", {p.location}" if p.location else ""), italic=True)
        bullets(container, p.highlights)

    def contact_lines(container, in_sidebar: bool):
        items = [r.email, r.phone, r.location] + [l.as_written for l in r.links]
        if in_sidebar:
            for x in items:
                para(container, x)
        else:
            para(container, sep.join(items))

    def skills_block(container):
        for label, items in r.skill_groups:
            if label:
                p = para(container)
                p.add_run(f"{label}: ").bold = True
                p.add_run(", ".join(items))
            else:
                para(container, ", ".join(items))

    def languages_block(container):
        for a, b in r.languages:
            para(container, f"{a}: {b}")

    def dates_table(container, rows):
        t = container.add_table(rows=0, cols=2)
        _no_borders(t)
        t.autofit = False
        t.columns[0].width, t.columns[1].width = Cm(3.6), text_width - Cm(3.6)
        for dates, title, org, loc, hl in rows:
            cells = t.add_row().cells
            cells[0].width = Cm(3.6)
            cells[1].width = text_width - Cm(3.6)
            first_para(cells[0], dates)
            first_para(cells[1], title, bold=True)
            p = cells[1].add_paragraph()
            p.add_run(org + (f", {loc}" if loc else "")).italic = True
            for x in hl:
                try:
                    cells[1].add_paragraph(x, style="List Bullet")
                except KeyError:
                    cells[1].add_paragraph(f"• {x}")

    features = {"layout": layout, "font": font, "cjk_font": cjk, "photo": photo is not None,
                "heading_styles": use_heading_styles}
    if layout == "table-sidebar":
        t = doc.add_table(rows=1, cols=2)
        _no_borders(t)
        side, main = t.rows[0].cells
        side_w = Cm(rng.choice([5.5, 6.0, 6.5]))
        t.autofit = False
        t.columns[0].width, t.columns[1].width = side_w, text_width - side_w  # the grid LibreOffice reads
        side.width, main.width = side_w, text_width - side_w
        _shade(side, rng.choice(["E8EEF4", "F2F2F2", "EAF2EA", "FFFFFF"]))
        if photo:
            side.paragraphs[0].add_run().add_picture(str(photo), width=Cm(3.5))
            para(side, r.heading("contact"), bold=True, size=12, color=accent)
        else:
            first_para(side, r.heading("contact"), bold=True, size=12, color=accent)
        contact_lines(side, True)
        para(side, r.heading("skills"), bold=True, size=12, color=accent)
        skills_block(side)
        para(side, r.heading("languages"), bold=True, size=12, color=accent)
        languages_block(side)
        first_para(main, r.name, bold=True, size=22)
        if r.headline:
            para(main, r.headline, size=12, color=accent)
        if r.summary:
            para(main, r.heading("summary"), bold=True, size=13, color=accent)
            para(main, r.summary)
        para(main, r.heading("experience"), bold=True, size=13, color=accent)
        for p in r.positions:
            position_block(main, p, text_width - side_w - Cm(0.4))
        para(main, r.heading("education"), bold=True, size=13, color=accent)
        for e in r.education:
            para(main, e.degree, bold=True)
            para(main, f"{e.institution}{sep}{e.dates_as_written}", italic=True)
        features.update(columns=2, sidebar=True)
    else:
        if photo and rng.random() < 0.5:
            hdr = doc.add_table(rows=1, cols=2)
            _no_borders(hdr)
            left, right = hdr.rows[0].cells
            hdr.autofit = False
            hdr.columns[0].width, hdr.columns[1].width = text_width - Cm(3.5), Cm(3.5)
            left.width, right.width = text_width - Cm(3.5), Cm(3.5)
            first_para(left, r.name, bold=True, size=22)
            if r.headline:
                para(left, r.headline, size=12, color=accent)
            contact_lines(left, rng.random() < 0.5)
            right.paragraphs[0].add_run().add_picture(str(photo), width=Cm(3.0))
            features["photo_beside_header"] = True
        else:
            if photo:
                doc.add_paragraph().add_run().add_picture(str(photo), width=Cm(3.0))
            para(doc, r.name, bold=True, size=22)
            if r.headline:
                para(doc, r.headline, size=12, color=accent)
            contact_lines(doc, False)
        if r.summary:
            heading(doc, r.heading("summary"))
            para(doc, r.summary)
        heading(doc, r.heading("experience"))
        if layout == "table-dates":
            dates_table(doc, [(p.dates_as_written, p.title, p.company, p.location, p.highlights) for p in r.positions])
        else:
            for p in r.positions:
                position_block(doc, p, text_width)
        heading(doc, r.heading("education"))
        if layout == "table-dates":
            dates_table(doc, [(e.dates_as_written, e.degree, e.institution, None, []) for e in r.education])
        else:
            for e in r.education:
                line = para(doc)
                line.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
                line.add_run(e.institution).bold = True
                line.add_run(f"\t{e.dates_as_written}")
                para(doc, e.degree)
        heading(doc, r.heading("skills"))
        skills_block(doc)
        heading(doc, r.heading("languages"))
        languages_block(doc)
        features.update(columns=2 if layout == "table-dates" else 1, sidebar=False, label_column=layout == "table-dates")
    if r.projects:
        heading(doc, r.heading("projects"))
        for text, date in r.projects:
            para(doc, f"{text} ({date})")
    if r.certifications:
        heading(doc, r.heading("certifications"))
        bullets(doc, r.certifications)
    if r.interests:
        heading(doc, r.heading("interests"))
        para(doc, ", ".join(r.interests))
    doc.core_properties.author = r.name
    doc.core_properties.title = "CV"
    doc.save(str(path))
    return features


def _soffice(work: Path, src: Path, fmt: str) -> Path:
    profile = work / "lo-profile"
    run(["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(work / fmt), str(src)], cwd=work, timeout=240)
    out = work / fmt / (src.stem + "." + fmt)
    if not out.exists():
        raise ProducerError(f"soffice wrote no {fmt}")
    return out


def render(r: Resume, variant: str, work: Path, rng) -> list[Output]:
    photo = make_photo(r.seed, work / "photo.jpg") if r.photo else None
    src = work / f"{r.id}.docx"
    features = build_docx(r, variant, src, rng, photo)
    truth = r.truth()
    truth["links"] = [{"type": l.type, "as_written": l.as_written, "url": l.url} for l in r.links]
    for e in truth["education"]:
        e["location"] = None
    import docx as _d

    outs = [Output(r.id, src, "docx", "docx", f"python-docx {getattr(_d, '__version__', '')}".strip(),
                   f"docx/{variant}", dict(features), dict(truth))]
    lo = tool_version(["soffice", "--version"])
    pdf = _soffice(work, src, "pdf")
    odt = _soffice(work, src, "odt")
    for suffix, path, fmt, producer in (("lo", pdf, "pdf", "libreoffice"), ("odt", odt, "odt", "odt")):
        doc_id = f"{r.id}-{suffix}"
        final = work / f"{doc_id}.{fmt}"
        shutil.move(str(path), final)
        t = dict(truth, id=doc_id)
        outs.append(Output(doc_id, final, fmt, producer, lo, f"docx/{variant}", dict(features), t,
                           derived_from=r.id))
    return outs
