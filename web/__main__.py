"""`python -m web --host 127.0.0.1 --port 8000`: serve the Wegwijs web app (embedded default).

One process with a thread per connection and WebSockets through simple-websocket. At scale, run
several processes behind a load balancer with sticky sessions and SOCKETIO_MESSAGE_QUEUE on Redis.
"""

from __future__ import annotations

import argparse

from . import create_app
from .realtime import socketio_of


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m web")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    app = create_app()
    socketio_of(app).run(app, host=args.host, port=args.port, use_reloader=False, log_output=False,
                 allow_unsafe_werkzeug=True)


if __name__ == "__main__":
    main()
