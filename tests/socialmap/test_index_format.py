"""An index made by an older version of the analysis is rebuilt when the map is opened: after an
upgrade that changes how words are analysed (stopwords, stemming, compounds), residents must not
search words stored the old way until someone thinks of running `reindex`."""

from __future__ import annotations

import sqlite3

from socialmap.facade import SocialMap
from socialmap.resources import demo_data_path
from socialmap.search.fts import INDEX_FORMAT
from socialmap.search.query import SearchQuery


def names(social_map: SocialMap, q: str) -> list[str]:
    return [hit.name for hit in social_map.search(SearchQuery(q=q, limit=5)).items]


def stored_format(path) -> str | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM search_meta WHERE key = 'format'").fetchone()
    return row[0] if row else None


def test_an_index_of_an_older_format_is_rebuilt_on_opening(tmp_path):
    path = tmp_path / "kaart.sqlite"
    social_map = SocialMap(path)
    social_map.import_hsds(demo_data_path())
    before = names(social_map, "boodschappen")
    assert before and stored_format(path) == INDEX_FORMAT
    social_map.close()

    with sqlite3.connect(path) as conn:  # what an older version left: its own format, other words
        conn.execute("UPDATE search_meta SET value = 'older' WHERE key = 'format'")
        conn.execute("UPDATE search_fts SET name = 'oud', body = 'oud', topics = 'oud'")

    reopened = SocialMap(path)
    assert stored_format(path) == INDEX_FORMAT
    assert names(reopened, "boodschappen") == before
    reopened.close()


def test_a_current_index_is_left_alone(tmp_path):
    path = tmp_path / "kaart.sqlite"
    SocialMap(path).import_hsds(demo_data_path())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE search_fts SET body = 'alleen dit' WHERE rowid = 1")
    SocialMap(path)  # same format: no rebuild, so the marked row stays as it was
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT body FROM search_fts WHERE rowid = 1").fetchone()[0] == "alleen dit"
