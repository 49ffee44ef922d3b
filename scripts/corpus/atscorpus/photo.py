"""A generated placeholder portrait (no real person): a flat silhouette on a
coloured background, deterministic from the seed."""

from __future__ import annotations

import random
from pathlib import Path


def make_photo(seed: int, path: Path, size: tuple[int, int] = (300, 380)) -> Path:
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed * 7919 + 1)
    w, h = size
    bg = tuple(rng.randint(150, 230) for _ in range(3))
    fg = tuple(rng.randint(40, 110) for _ in range(3))
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    # soft vertical gradient
    for y in range(h):
        k = y / h * 30
        d.line([(0, y), (w, y)], fill=tuple(max(0, int(c - k)) for c in bg))
    cx = w // 2 + rng.randint(-10, 10)
    head_r = int(w * 0.2)
    head_y = int(h * 0.36)
    d.ellipse([cx - head_r, head_y - head_r * 1.2, cx + head_r, head_y + head_r * 1.2], fill=fg)
    d.ellipse([cx - int(w * 0.45), int(h * 0.66), cx + int(w * 0.45), int(h * 1.25)], fill=fg)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=80)
    return path
