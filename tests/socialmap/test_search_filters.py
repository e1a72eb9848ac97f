"""Filters and the backend conformance suite (collected from search_conformance.py)."""

import datetime as dt

import pytest
from search_conformance import (  # noqa: F401  (pytest collects what is imported here)
    corpus_map,
    test_conformance_equally_relevant_results_follow_the_ladder_then_local_then_fresh,
    test_conformance_free_age_ladder_filters,
    test_conformance_inactive_services_are_never_found,
    test_conformance_municipality_filter_keeps_national_services,
    test_conformance_near_with_radius_fills_distance_and_keeps_national,
    test_conformance_open_at_uses_weekly_hours_and_keeps_24_7_lines,
    test_conformance_open_now_uses_the_injected_clock,
    test_conformance_pagination_counts_everything,
    test_conformance_place_in_query_narrows_and_is_reported,
    test_conformance_reindexing_replaces_and_removing_forgets,
    test_conformance_text_query_finds_inflections_compounds_and_typos,
    writable_corpus_map,
)

from socialmap import SearchQuery


@pytest.mark.parametrize("params, expected", [
    ({"open_at": "2026-11-24T14:00"}, dt.datetime(2026, 11, 24, 14, 0)),
    ({"open_at": "2026-11-24T13:00:00+00:00"}, dt.datetime(2026, 11, 24, 14, 0)),  # UTC → Amsterdam
    ({"free": "true", "age": "70", "limit": "5", "offset": "10"}, None),
])
def test_from_params_parses_the_strings_of_the_api(params, expected):
    query = SearchQuery.from_params(params)
    if expected is not None:
        assert query.open_at == expected
    else:
        assert (query.free, query.age, query.limit, query.offset) == (True, 70, 5, 10)


def test_from_params_time_alone_means_today_in_amsterdam():
    query = SearchQuery.from_params({"open_at": "09:30"})
    assert query.open_at.time() == dt.time(9, 30)


@pytest.mark.parametrize("params, parameter", [
    ({"age": "-3"}, "age"),
    ({"age": "zeventig"}, "age"),
    ({"open_at": "25:00"}, "open_at"),
    ({"radius_km": "vijf", "near": "5701"}, "radius_km"),
    ({"radius_km": "3"}, "radius_km"),        # radius without near
    ({"limit": "0"}, "limit"),
    ({"limit": "101"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"free": "misschien"}, "free"),
])
def test_from_params_rejects_bad_values_in_dutch_naming_the_parameter(params, parameter):
    with pytest.raises(ValueError) as error:
        SearchQuery.from_params(params)
    assert error.value.parameter == parameter
    assert f"'{parameter}'" in str(error.value)


def test_near_accepts_full_postcode_and_lat_lon_alike(demo_map):
    by_postcode = demo_map.search(SearchQuery(q="", near="5757 AB", radius_km=5, limit=100))
    by_point = demo_map.search(SearchQuery(q="", near="51.4119,5.8181", radius_km=5, limit=100))
    assert by_postcode.total > 0
    assert all(h.distance_km is None or h.distance_km <= 5 for h in by_point.items)
