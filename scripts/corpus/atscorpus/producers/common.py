"""What every producer shares: the result record and subprocess helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = Path(os.environ.get("ATS_CORPUS_TOOLS", "/var/cache/ats/corpus-tools"))


class ProducerError(Exception):
    pass


@dataclass
class Output:
    """One rendered document and its truth."""

    id: str
    path: Path  # where the producer left it (inside the work dir)
    format: str  # pdf | docx | odt
    producer: str  # family used for per-producer scores: typst, pdftex, xetex, luatex, chrome, docx, ...
    tool: str  # the program that wrote the file, with version where known
    template: str
    features: dict
    truth: dict
    derived_from: str | None = None
    extra: dict = field(default_factory=dict)


def run(cmd: list[str], cwd: Path, timeout: int = 180, env: dict | None = None) -> str:
    e = dict(os.environ)
    if env:
        e.update(env)
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout, env=e)
    except subprocess.TimeoutExpired as ex:
        raise ProducerError(f"{cmd[0]} timed out after {timeout}s") from ex
    out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
    if p.returncode != 0:
        raise ProducerError(f"{' '.join(cmd[:3])} exited {p.returncode}: {out[-1500:]}")
    return out


def have(cmd: str) -> bool:
    return shutil.which(cmd) is not None


def tool_version(cmd: list[str]) -> str:
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=30)
        return (p.stdout or p.stderr).decode("utf-8", "replace").strip().splitlines()[0]
    except Exception:  # noqa: BLE001
        return "unknown"


def map_strings(obj, fn):
    """Apply fn to every string in a truth dict (keys left alone)."""
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, list):
        return [map_strings(x, fn) for x in obj]
    if isinstance(obj, dict):
        return {k: (v if k in ("id", "file", "format", "producer", "truth_source", "language") else map_strings(v, fn))
                for k, v in obj.items()}
    return obj


def smart_quotes(truth: dict) -> dict:
    """Typst, and LaTeX with some fonts, print a straight apostrophe as ’."""
    return map_strings(truth, lambda s: s.replace("'", "\u2019"))


_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef\uac00-\ud7af"


def squeeze_cjk_spaces(truth: dict) -> dict:
    """xeCJK drops a space between two CJK characters ("渡辺 さくら" prints as
    "渡辺さくら"): the truth says what the page says."""
    import re

    pat = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")
    return map_strings(truth, lambda s: pat.sub("", s))
