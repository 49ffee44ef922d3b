"""JSON Resume themes from npm, rendered to HTML by node and printed to PDF by
headless Chromium (Debian's `chromium`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from ..content import Resume
from ..photo import make_photo
from .common import TOOLS, Output, ProducerError, have, run, tool_version

THEMES = ["even", "elegant", "flat", "kendall", "macchiato", "stackoverflow"]
NPM = TOOLS / "npm" / "node_modules"
RENDER = Path(__file__).resolve().parents[2] / "render_jsonresume.cjs"
NAME_SCRIPTS = None
MONTH_STYLES = True  # themes format dates themselves: the content keeps month precision

# CDN stylesheets the themes link to, served from the npm packages instead (no network)
LOCAL_CSS = [
    (r"https?://[^\"']*bootstrap[^\"']*/3\.[^\"']*bootstrap(\.min)?\.css", "bootstrap/dist/css/bootstrap.min.css"),
    (r"https?://[^\"']*font-awesome/4\.[^\"']*\.css", "font-awesome/css/font-awesome.min.css"),
    (r"https?://[^\"']*font-awesome/[56]\.[^\"']*all(\.min)?\.css", "@fortawesome/fontawesome-free/css/all.min.css"),
]


def available(variant: str) -> str | None:
    if not have("node"):
        return "node not installed"
    if not (have("chromium") or have("chromium-browser")):
        return "chromium not installed"
    if not (NPM / f"jsonresume-theme-{variant}").exists():
        return f"npm package jsonresume-theme-{variant} not installed"
    return None


def _chromium() -> str:
    return shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"


def to_json_resume(r: Resume, photo_url: str | None) -> dict:
    basics: dict = {"name": r.name, "email": r.email, "phone": r.phone,
                    "location": {"city": r.location}}
    if r.headline:
        basics["label"] = r.headline
    if r.summary:
        basics["summary"] = r.summary
    if photo_url:
        basics["image"] = photo_url
        basics["picture"] = photo_url  # pre-1.0 key, read by older themes
    profiles = []
    for l in r.links:
        if l.type == "homepage":
            basics["url"] = l.url
            basics["website"] = l.url
        else:
            profiles.append({"network": {"linkedin": "LinkedIn", "github": "GitHub"}[l.type],
                             "username": l.handle, "url": l.url})
    basics["profiles"] = profiles
    work = []
    for p in r.positions:
        w = {"name": p.company, "company": p.company, "position": p.title, "startDate": p.start.iso()[:7],
             "highlights": p.highlights}
        if p.end:
            w["endDate"] = p.end.iso()[:7]
        if p.location:
            w["location"] = p.location
        work.append(w)
    education = []
    for e in r.education:
        ed = {"institution": e.institution, "studyType": e.degree, "area": "", "endDate": e.end.iso()[:7]}
        if e.start:
            ed["startDate"] = e.start.iso()[:7]
        education.append(ed)
    if any(label for label, _ in r.skill_groups):
        skills = [{"name": label, "keywords": g} for label, g in r.skill_groups]
    else:
        skills = [{"name": s, "keywords": []} for s in r.skill_groups[0][1]]
    doc = {"basics": basics, "work": work, "education": education, "skills": skills,
           "languages": [{"language": a, "fluency": b} for a, b in r.languages]}
    if r.projects:
        doc["projects"] = [{"name": t, "description": ""} for t, _ in r.projects]
    if r.certifications:
        doc["certificates"] = [{"name": c} for c in r.certifications]
    if r.interests:
        doc["interests"] = [{"name": i} for i in r.interests]
    return doc


def offline_html(html: str) -> str:
    for pat, local in LOCAL_CSS:
        html = re.sub(pat, (NPM / local).as_uri(), html)
    # anything else remote (web fonts, scripts, avatars) cannot load offline: drop it
    html = re.sub(r"<link[^>]+href=[\"']https?://[^>]*>", "", html)
    html = re.sub(r"<script[^>]+src=[\"']https?://[^>]*>\s*</script>", "", html)
    html = re.sub(r"<img[^>]+src=[\"']https?://[^>]*>", "", html)
    html = re.sub(r"@import url\([\"']?https?://[^)]*\);?", "", html)
    return html


def render(r: Resume, variant: str, work: Path, rng) -> list[Output]:
    theme = f"jsonresume-theme-{variant}"
    photo_url = None
    if r.photo:
        photo_url = make_photo(r.seed, work / "photo.jpg").resolve().as_uri()
    doc = to_json_resume(r, photo_url)
    src = work / f"{r.id}.json"
    src.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    html = work / f"{r.id}.html"
    run(["node", str(RENDER), theme, str(src), str(html)], cwd=work, timeout=120,
        env={"NODE_PATH": str(NPM)})
    html.write_text(offline_html(html.read_text(encoding="utf-8")), encoding="utf-8")
    pdf = work / f"{r.id}.pdf"
    paper = "--no-pdf-header-footer"
    run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={work / 'chromium-profile'}", paper, "--virtual-time-budget=3000",
         f"--print-to-pdf={pdf}", html.resolve().as_uri()], cwd=work, timeout=120)
    if not pdf.exists():
        raise ProducerError("chromium wrote no PDF")
    truth = r.truth()
    truth["links"] = [{"type": l.type, "as_written": None, "url": l.url} for l in r.links]
    for p in truth["positions"]:
        p["dates_as_written"] = None  # the theme formats the dates
    for e in truth["education"]:
        e["dates_as_written"] = None
        e["location"] = None
    truth["notes"].append("headings and date formats are the theme's own (English), the content is in the "
                          f"document language; the JSON Resume it was rendered from is {r.id}.resume.json beside it")
    features = {"columns": 1, "sidebar": variant in ("macchiato", "kendall", "elegant"), "photo": r.photo,
                "theme": variant, "headings_language": "en", "html_to_pdf": "chromium"}
    out = Output(r.id, pdf, "pdf", "chrome", tool_version([_chromium(), "--version"]), f"jsonresume/{variant}",
                 features, truth)
    out.extra["jsonresume"] = doc
    return [out]
