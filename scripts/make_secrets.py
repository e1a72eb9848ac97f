"""Create this installation's random secrets once (``var/secrets.env``, mode 0600) and reuse them.

`make run` calls it; run it by hand to see where the file is. Delete the file to rotate every key
(workspace sessions end; restart the stack).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wegwijs_common.settings import ensure_secrets  # noqa: E402

SECRETS_FILE = REPO / "var" / "secrets.env"


def main() -> int:
    values = ensure_secrets(SECRETS_FILE)
    print(f"   geheimen: {SECRETS_FILE.relative_to(REPO)} ({len(values)} sleutels, alleen leesbaar voor u)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
