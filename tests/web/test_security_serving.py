"""Serving under load: the embedded SQLite app database takes many writing threads at once (as
gunicorn's 100 threads do) without "database is locked"."""

from __future__ import annotations

import threading

from web import appdb


def test_many_threads_write_the_app_database_at_once(app):
    with app.app_context():
        for index in range(40):
            appdb.ensure_conversation(f"gesprek-druk-{index:04d}")
    errors: list[BaseException] = []
    barrier = threading.Barrier(40)

    def write(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                for turn in range(10):
                    appdb.add_message(f"gesprek-druk-{index:04d}", "inwoner", f"bericht {turn}")
                    appdb.update_conversation(f"gesprek-druk-{index:04d}", municipality="Deurne")
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert all(len(appdb.list_messages(f"gesprek-druk-{i:04d}")) == 10 for i in range(40))
