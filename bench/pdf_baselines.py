"""Text extraction baselines for `ats bench ingest`: pdfminer.six and pypdf
over the same PDFs, single-threaded. Prints one JSON object:
{"pdfminer.six": {"files": N, "seconds": S}, "pypdf": {...}, "PyMuPDF": {...}}; an engine that is
not installed is reported with "error"."""
import json
import sys
import time


def run(name, extract, paths, passes):
    best = None
    for _ in range(passes):
        start = time.perf_counter()
        for p in paths:
            try:
                extract(p)
            except Exception:
                pass
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return {"files": len(paths), "seconds": best}


def main():
    passes = int(sys.argv[1])
    paths = sys.argv[2:]
    out = {}
    try:
        from pdfminer.high_level import extract_text

        out["pdfminer.six"] = run("pdfminer.six", extract_text, paths, passes)
    except ImportError as e:
        out["pdfminer.six"] = {"error": str(e)}
    try:
        from pypdf import PdfReader

        def pypdf_text(p):
            return "\n".join(page.extract_text() or "" for page in PdfReader(p).pages)

        out["pypdf"] = run("pypdf", pypdf_text, paths, passes)
    except ImportError as e:
        out["pypdf"] = {"error": str(e)}
    try:
        import pymupdf  # for scale only: a C library, not a dependency

        def mupdf_text(p):
            with pymupdf.open(p) as doc:
                return "\n".join(page.get_text() for page in doc)

        out["PyMuPDF"] = run("PyMuPDF", mupdf_text, paths, passes)
    except ImportError as e:
        out["PyMuPDF"] = {"error": str(e)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
