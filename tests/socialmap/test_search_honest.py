"""Honest results: filters that leave nothing relevant are said to, never padded (issue 12)."""

from socialmap import SearchQuery


def test_filters_that_leave_nothing_relevant_offer_the_result_without_them(demo_map):
    result = demo_map.search(SearchQuery(q="maaltijden", free=True, municipality="Asten"))
    assert result.total == 0 and result.items == []  # no free meals: nothing else instead
    relaxed = result.to_dict()["without_filters"]
    assert relaxed["dropped"] == ["free"]  # one filter fewer is enough: Asten's meals, not free
    assert relaxed["params"] == {"q": "maaltijden", "municipality": "Asten"}
    assert relaxed["total"] > 0 and all("maaltijden" in item["topics"] for item in relaxed["items"][:5])
    assert all("Asten" in item["municipalities"] or item["municipalities"] == ["Nederland"]
               for item in relaxed["items"])
    assert set(result.to_dict()) == {"total", "items", "without_filters"}


def test_filters_that_leave_relevant_services_answer_as_before(demo_map):
    result = demo_map.search(SearchQuery(q="eenzaamheid", municipality="Someren"))
    assert result.total > 0 and result.without_filters is None
    assert set(result.to_dict()) == {"total", "items"}
    assert all("eenzaamheid" in h.topics for h in result.items[:5])


def test_a_filtered_page_holds_only_services_close_to_the_best_match(demo_map):
    for q, filters in (("boodschappen", {"age": 75}), ("vervoer", {"municipality": "Deurne"}),
                       ("dagbesteding", {"ladder": "maatwerk"})):
        items = demo_map.search(SearchQuery(q=q, limit=50, **filters)).items
        on_topic = [h for h in items if q in h.topics]
        assert items and len(on_topic) >= 0.75 * len(items), (q, [h.name for h in items])


def test_browsing_by_filters_alone_is_not_floored(demo_map):
    result = demo_map.search(SearchQuery(topic="maaltijden", limit=100))
    assert result.total > 5 and result.without_filters is None
