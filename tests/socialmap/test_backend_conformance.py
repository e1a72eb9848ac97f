"""Every search backend against the embedded engine on the same corpus (from search_conformance.py).

With ELASTICSEARCH_URL set this compares the Elasticsearch backend; without it only the embedded
engine runs, against a second copy of itself (the baseline the comparison starts from)."""

from search_conformance import (  # noqa: F401  (pytest collects what is imported here)
    corpus_map,
    reference_map,
    test_conformance_same_order_as_the_embedded_engine_without_words,
    test_conformance_same_top_results_as_the_embedded_engine,
)
