from socialmap.search.evaluate import demo_map, evaluate, load_queries


def test_judged_query_set_is_large_and_varied():
    queries = load_queries()
    assert len(queries) >= 80
    assert sum(1 for q in queries if any(k in q for k in ("free", "age", "ladder", "open_at", "near", "municipality_filter"))) >= 5


def test_engine_reaches_its_measured_quality_and_beats_plain_fts5():
    ours, baseline = evaluate(demo_map(), load_queries())
    # measured 2026-11-23: recall@5 0.996, nDCG@10 0.978; baseline 0.434 / 0.343
    assert ours.recall_at_5 >= 0.97
    assert ours.ndcg_at_10 >= 0.95
    assert ours.recall_at_5 > baseline.recall_at_5 + 0.3
