"""The WSGI entry point for gunicorn (`gunicorn -w 1 --threads 100 web.wsgi:app`, see
scripts/run_stack.py): one app per process, configured from instance/config.py and WEGWIJS_*."""

from __future__ import annotations

from . import create_app

app = create_app()
