"""Train the Rasa model only when its inputs changed.

The cache key is a hash over everything that shapes the model (config, domain, training data,
custom NLU components, the Rasa version), so a cached model can never stand in for different
inputs. Cached models live outside the work tree (``~/.cache/wegwijs/rasa-models``) so fresh
clones on the same machine reuse them; a fresh machine trains.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOT = REPO / "bot"
MODEL = BOT / "models" / "wegwijs.tar.gz"
INPUTS = ["config.yml", "domain", "domain.yml", "data", "components"]


def cache_dir() -> Path:
    base = os.environ.get("WEGWIJS_CACHE_DIR") or Path.home() / ".cache" / "wegwijs"
    return Path(base) / "rasa-models"


def input_files() -> list[Path]:
    files: list[Path] = []
    for name in INPUTS:
        path = BOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(files)


def cache_key() -> str:
    import rasa

    digest = hashlib.sha256(f"rasa={rasa.__version__};py={sys.version_info[:2]}".encode())
    for path in input_files():
        digest.update(str(path.relative_to(BOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def main() -> int:
    if not (BOT / "config.yml").exists():
        print("==> No bot/config.yml yet: no Rasa model to train")
        return 0
    key = cache_key()
    cached = cache_dir() / f"wegwijs-{key}.tar.gz"
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    if cached.exists() and "--force" not in sys.argv:
        shutil.copyfile(cached, MODEL)
        print(f"==> Rasa model up to date (cache {key})")
        return 0
    print(f"==> Training the Rasa model (inputs changed, cache key {key})")
    started = time.monotonic()
    rasa = REPO / ".venv" / "bin" / "rasa"
    cmd = [str(rasa), "train", "--fixed-model-name", "wegwijs", "--out", "models", "--quiet"]
    result = subprocess.run(cmd, cwd=BOT)
    if result.returncode != 0 or not MODEL.exists():
        print("Rasa training failed", file=sys.stderr)
        return result.returncode or 1
    print(f"==> Trained in {time.monotonic() - started:.0f} s")
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MODEL, cached)
    return 0


if __name__ == "__main__":
    sys.exit(main())
