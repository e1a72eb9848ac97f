"""The search evaluation tool measures what it says, and the engine keeps its own set's figures."""

from tools.search_eval import (
    Judged,
    demo_map,
    graded_set,
    ndcg_at,
    own_set,
    recall_at,
    reciprocal_rank,
    score,
    wegwijs,
)


def test_metrics_on_a_hand_computed_ranking():
    grades = {"a": 2, "b": 1}
    assert recall_at(["x", "a", "y", "b"], grades, 5) == 1.0
    assert recall_at(["x", "a"], grades, 5) == 0.5
    assert reciprocal_rank(["x", "y", "b"], grades) == 1 / 3
    assert reciprocal_rank(["x"], grades) == 0.0
    assert ndcg_at(["a", "b"], grades, 10) == 1.0
    assert 0 < ndcg_at(["b", "a"], grades, 10) < 1.0


def test_own_judged_set_is_large_varied_and_styled():
    queries = own_set(demo_map())
    assert len(queries) >= 80
    assert {"keywords", "typos", "questions", "english", "filters"} <= {q.style for q in queries}
    assert sum(1 for q in queries if q.filters) >= 5
    assert sum(1 for q in queries if not q.grades) <= 2  # "maaltijden" + free: nothing is free


def test_graded_set_reads_the_blind_format(tmp_path):
    path = tmp_path / "blind.yaml"
    path.write_text("queries:\n  - {q: hulp, style: keyword, relevant: {abc: 2}, filters: {free: true}}\n")
    assert graded_set(path) == [Judged("hulp", "keyword", {"free": True}, {"abc": 2})]


def test_engine_keeps_its_figures_on_its_own_set():
    social_map = demo_map()
    scores = score(wegwijs(social_map), own_set(social_map))
    assert scores.recall_at_5 >= 0.95
    assert scores.ndcg_at_10 >= 0.90
