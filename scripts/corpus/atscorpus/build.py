"""Render the corpus: plan, render in parallel, verify, write truth and manifest.

python -m atscorpus.build OUT_DIR [--count N] [--seed S] [--jobs J]
python -m atscorpus.build OUT_DIR --sample SAMPLE_DIR   (copy a small sample of a built corpus)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import locale_data as L
from .content import make_resume
from .producers import jsonresume_p, latex_p, office_p, rendercv_p
from .verify import check, extract_text, fix_chrome_truth, pdf_pages

# (stream key, module, variant, languages, documents per job, weight in documents per 300)
STREAMS: list[tuple[str, object, str, list[str], int, int]] = []
for theme in rendercv_p.THEMES:
    STREAMS.append((f"typst-{theme}", rendercv_p, theme, L.LANGS, 1, 12))
for v, spec in latex_p.VARIANTS.items():
    w = {"europasscv": 12, "sidebar2": 12, "sidebar3": 12, "cjk-grid": 6, "cjk-plain": 6,
         "onecol-lualatex": 10}.get(v, 8)
    STREAMS.append((f"{latex_p.PRODUCER[spec['engine']]}-{v}", latex_p, v, spec["langs"], 1, w))
for theme in jsonresume_p.THEMES:
    STREAMS.append((f"chrome-{theme}", jsonresume_p, theme, L.LANGS, 1, 10))
for layout in office_p.LAYOUTS:
    STREAMS.append((f"docx-{layout}", office_p, layout, L.LANGS, 3, 30))


def plan(count: int, seed: int, skip: set[str]) -> list[dict]:
    """Smooth weighted round robin over the streams, each cycling its languages."""
    live = [s for s in STREAMS if s[0] not in skip]
    if not live:
        return []
    credit = {s[0]: 0.0 for s in live}
    lang_turn = {s[0]: k for k, s in enumerate(live)}  # streams start on different languages
    total_w = sum(s[5] for s in live)
    jobs, docs, i = [], 0, 0
    rng = random.Random(seed)
    while docs < count:
        for s in live:
            credit[s[0]] += s[5] / s[4]
        key, mod, variant, langs, per, _ = max(live, key=lambda s: credit[s[0]])
        credit[key] -= total_w
        lang = langs[lang_turn[key] % len(langs)]
        lang_turn[key] += 1
        jobs.append({"index": i, "stream": key, "module": mod.__name__, "variant": variant, "lang": lang,
                     "seed": seed * 100_000 + i, "long": rng.random() < 0.25,
                     "id": f"c{i:04d}-{key}-{lang}"})
        docs += per
        i += 1
    return jobs


def _render_job(job: dict, out_dir: str) -> dict:
    """Runs in a worker process. Returns {'docs': [...], 'error': str|None}."""
    import importlib

    mod = importlib.import_module(job["module"])
    out = Path(out_dir)
    work = out / ".work" / job["id"]
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t0 = time.time()
    try:
        ns = mod.name_scripts(job["variant"]) if hasattr(mod, "name_scripts") else getattr(mod, "NAME_SCRIPTS", None)
        r = make_resume(job["seed"], job["lang"], job["id"], name_scripts=ns, long=job["long"],
                        month_only=getattr(mod, "MONTH_STYLES", False))
        outputs = mod.render(r, job["variant"], work, random.Random(job["seed"] + 1))
    except Exception as e:  # noqa: BLE001 — one document failing must not stop the run
        msg = f"{type(e).__name__}: {e}"
        return {"docs": [], "error": msg[-2000:], "trace": traceback.format_exc()[-3000:], "job": job}
    docs = []
    for o in outputs:
        text = extract_text(o.path)
        truth = o.truth
        notes = []
        if o.producer == "chrome":
            notes = fix_chrome_truth(truth, text, o.features.get("theme", ""))
        hard, soft = check(truth, text, o.producer)
        ext = o.path.suffix
        truth.update(file=f"{o.id}{ext}", format=o.format, producer=o.producer, tool=o.tool,
                     template=o.template)
        if o.derived_from:
            truth["derived_from"] = o.derived_from
        truth["notes"] = truth.get("notes", []) + notes
        dest_dir = out if not hard else out / "rejected"
        dest_dir.mkdir(parents=True, exist_ok=True)
        final = dest_dir / f"{o.id}{ext}"
        shutil.copyfile(o.path, final)
        (dest_dir / f"{o.id}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
        entry = {"id": o.id, "file": final.name, "format": o.format, "language": job["lang"],
                 "producer": o.producer, "tool": o.tool, "template": o.template, "seed": job["seed"],
                 "features": o.features, "bytes": final.stat().st_size,
                 "pages": pdf_pages(final) if o.format == "pdf" else None,
                 "derived_from": o.derived_from, "verified": not hard, "missing": hard, "absent_optional": soft,
                 "seconds": round(time.time() - t0, 2)}
        if "jsonresume" in o.extra:
            (dest_dir / f"{o.id}.resume.json").write_text(
                json.dumps(o.extra["jsonresume"], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            entry["source"] = f"{o.id}.resume.json"
        docs.append(entry)
    shutil.rmtree(work, ignore_errors=True)
    return {"docs": docs, "error": None, "job": job}


def check_tools() -> dict[str, str]:
    """stream key -> why it is skipped."""
    skip = {}
    for key, mod, variant, *_ in STREAMS:
        why = mod.available(variant) if mod is not rendercv_p else mod.available()
        if why:
            skip[key] = why
    return skip


def summary_table(docs: list[dict]) -> str:
    producers = sorted({d["producer"] for d in docs})
    head = f"{'producer':<12}" + "".join(f"{l:>6}" for l in L.LANGS) + f"{'total':>7}"
    lines = [head, "-" * len(head)]
    for p in producers:
        row = [sum(1 for d in docs if d["producer"] == p and d["language"] == l) for l in L.LANGS]
        lines.append(f"{p:<12}" + "".join(f"{n:>6}" for n in row) + f"{sum(row):>7}")
    row = [sum(1 for d in docs if d["language"] == l) for l in L.LANGS]
    lines.append("-" * len(head))
    lines.append(f"{'total':<12}" + "".join(f"{n:>6}" for n in row) + f"{sum(row):>7}")
    return "\n".join(lines)


def build(out: Path, count: int, seed: int, workers: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("c[0-9][0-9][0-9][0-9]-*")) + [out / "manifest.json"]:
        old.unlink(missing_ok=True)  # documents of an earlier build
    shutil.rmtree(out / "rejected", ignore_errors=True)
    skip = check_tools()
    for key, why in sorted(skip.items()):
        print(f"skipping {key}: {why}", flush=True)
    jobs = plan(count, seed, set(skip))
    print(f"{len(jobs)} jobs for {count} documents on {workers} workers -> {out}", flush=True)
    t0 = time.time()
    docs, failures = [], []
    with ProcessPoolExecutor(max_workers=workers) as ex:
        futs = [ex.submit(_render_job, j, str(out)) for j in jobs]
        for n, f in enumerate(as_completed(futs), 1):
            try:
                res = f.result()
            except Exception as e:  # noqa: BLE001
                failures.append({"error": repr(e)})
                continue
            if res["error"]:
                failures.append({"id": res["job"]["id"], "error": res["error"], "trace": res.get("trace")})
                print(f"[{n}/{len(jobs)}] FAILED {res['job']['id']}: {res['error'][:300]}", flush=True)
            for d in res["docs"]:
                docs.append(d)
                flag = "" if d["verified"] else f"  REJECTED (missing {d['missing'][:3]})"
                print(f"[{n}/{len(jobs)}] {d['id']}.{d['format']}{flag}", flush=True)
    shutil.rmtree(out / ".work", ignore_errors=True)
    docs.sort(key=lambda d: d["id"])
    good = [d for d in docs if d["verified"]]
    manifest = {
        "generator": "scripts/corpus (ats)", "seed": seed, "count_requested": count,
        "seconds": round(time.time() - t0, 1), "skipped_streams": skip,
        "licence": "generated content CC0; see scripts/corpus/README.md for the templates, themes and fonts",
        "documents": good, "rejected": [d for d in docs if not d["verified"]], "failures": failures,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print()
    print(summary_table(good))
    size = sum(d["bytes"] for d in good)
    print(f"\n{len(good)} documents verified, {len(docs) - len(good)} rejected (in {out / 'rejected'}), "
          f"{len(failures)} jobs failed; {size / 1e6:.1f} MB; {time.time() - t0:.0f} s")
    return 0 if good else 1


def sample(corpus: Path, dest: Path, per_cell: int = 1) -> int:
    """One verified document per (producer, language), templates rotated, then
    one more for each template still missing (smallest files first), and the
    longest document of each producer."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    docs = manifest["documents"]
    picked: list[dict] = []
    used_templates: dict[str, set] = {}
    for prod in sorted({d["producer"] for d in docs}):
        for lang in L.LANGS:
            cands = [d for d in docs if d["producer"] == prod and d["language"] == lang]
            cands.sort(key=lambda d: (d["template"] in used_templates.get(prod, set()), d["bytes"]))
            for d in cands[:per_cell]:
                picked.append(d)
                used_templates.setdefault(prod, set()).add(d["template"])
    for tmpl in sorted({(d["producer"], d["template"]) for d in docs}):
        if not any((d["producer"], d["template"]) == tmpl for d in picked):
            cands = sorted((d for d in docs if (d["producer"], d["template"]) == tmpl), key=lambda d: d["bytes"])
            picked.extend(cands[:1])
    for prod in sorted({d["producer"] for d in docs}):  # and its longest document (2–3 pages)
        longest = max((d for d in docs if d["producer"] == prod and d not in picked),
                      key=lambda d: (d["pages"] or 0, -d["bytes"]), default=None)
        if longest and (longest["pages"] or 0) >= 2:
            picked.append(longest)
    dest.mkdir(parents=True, exist_ok=True)
    for d in picked:
        for name in (d["file"], f"{d['id']}.truth.json", d.get("source")):
            if name:
                shutil.copyfile(corpus / name, dest / name)
    sub = dict(manifest, documents=picked, rejected=[], failures=[])
    (dest / "manifest.json").write_text(json.dumps(sub, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(summary_table(picked))
    print(f"{len(picked)} documents, {sum(d['bytes'] for d in picked) / 1e6:.2f} MB -> {dest}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="atscorpus.build")
    ap.add_argument("out", nargs="?", default=os.environ.get("ATS_CORPUS_DIR", "/var/cache/ats/corpus"))
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    ap.add_argument("--sample", metavar="DIR", help="copy a small sample of the corpus in OUT to DIR")
    a = ap.parse_args(argv)
    if a.sample:
        return sample(Path(a.out), Path(a.sample))
    return build(Path(a.out), a.count, a.seed, a.jobs)


if __name__ == "__main__":
    sys.exit(main())
