"""Filters and the backend conformance suite (collected from search_conformance.py)."""

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
