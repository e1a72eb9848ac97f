"""The streaming reader gives exactly what json.loads gives, wherever the chunks are cut, and
refuses every text json.loads refuses."""

import io
import json

import pytest

from socialmap.json_stream import NotOneArray, iter_array

TRICKY = ('  [ {"a": "[,]} \\" \\\\", "b": [1, [2, {"c": null}]], "n": -12.5e3},\n'
          '12345, true, false, null, "x", [], {}, 3.0 , {"ü": "é"}\t]\n ')


def read(text: str, chunk_size: int) -> list:
    return list(iter_array(io.StringIO(text), chunk_size=chunk_size))


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 64, 1 << 20])
def test_items_are_what_json_loads_gives_at_any_chunk_size(chunk_size):
    assert read(TRICKY, chunk_size) == json.loads(TRICKY)
    assert read("[]", chunk_size) == [] and read(" [ ] ", chunk_size) == []


def test_the_demo_map_streams_unchanged(demo_records):
    text = json.dumps(demo_records, ensure_ascii=False, indent=2)
    assert read(text, 1000) == demo_records


@pytest.mark.parametrize("text", ['', '   ', '{"a": 1}', '[', '[1', '[1,', '[1,]', '[,1]', '[1 2]',
                                  '[{"id": "a",', '[1] x', '[1]]', '[1] [2]', '[tru]', '["a]', '[3.]'])
def test_what_is_not_one_json_array_is_refused(text):
    for chunk_size in (1, 3, 1 << 20):
        with pytest.raises(NotOneArray):
            read(text, chunk_size)


def test_what_was_read_to_see_the_kind_of_file_is_part_of_the_array():
    handle = io.StringIO(TRICKY[10:])
    assert list(iter_array(handle, chunk_size=5, prefix=TRICKY[:10])) == json.loads(TRICKY)
