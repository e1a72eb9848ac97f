"""Relevance comes from the service itself: its name, organisation and text (issue 12)."""

from socialmap import SearchQuery
from socialmap.search.analyzer import stem
from socialmap.search.ranking import plan_query


def test_a_query_that_is_a_service_name_finds_that_service_first(demo_map, demo_records):
    names = sorted({r["name"] for r in demo_records if r["status"] == "active"})[::7]
    assert len(names) >= 30
    missed = []
    for name in names:
        top = demo_map.search(SearchQuery(q=name, limit=3)).items
        if not top or top[0].name != name:
            missed.append((name, [h.name for h in top]))
    assert not missed, missed


def test_an_organisation_name_finds_its_services_first(demo_map, demo_records):
    organisation = next(r["organization"]["name"] for r in demo_records
                        if r["name"] == "113 Zelfmoordpreventie")
    top = demo_map.search(SearchQuery(q=organisation, limit=3)).items
    assert top[0].name == "113 Zelfmoordpreventie"


def test_a_typo_correction_is_added_beside_the_written_word(demo_map):
    backend = demo_map.search_backend
    backend._refresh()
    plan = plan_query(SearchQuery(q="dagbesteeding"), backend, semantic=False)
    assert plan.match_terms[0] == stem("dagbesteeding")  # as written, for a name spelled so
    assert stem("dagbesteding") in plan.match_terms


def test_unrelated_services_do_not_pad_a_specific_query(demo_map):
    result = demo_map.search(SearchQuery(q="rolstoel", limit=100))
    assert result.total < 100
    assert all("hulpmiddelen" in h.topics or "rolstoel" in (h.description or "").lower()
               or "vervoer" in h.topics for h in result.items[:10])


def test_a_question_matches_on_the_need_not_on_its_framing(demo_map):
    backend = demo_map.search_backend
    backend._refresh()
    plan = plan_query(SearchQuery(q="Is er iemand die mij kan helpen met de was en de strijk?"), backend)
    assert set(plan.match_terms) == {stem("was"), stem("strijk")}  # 'de was' is laundry here
    assert "huishoudelijke-hulp" in plan.topic_weights
    english = plan_query(SearchQuery(q="where can I get someone to do my groceries"), backend)
    assert english.match_terms == [stem("groceries")]


def test_a_whole_question_finds_what_its_keywords_find(demo_map):
    def top(q):
        return [h.topics[0] for h in demo_map.search(SearchQuery(q=q, limit=3)).items]

    assert top("Waar kan ik terecht als ik mijn rekeningen niet meer kan betalen?") == top("rekeningen betalen")
    assert top("hoe kom ik aan een scootmobiel") == top("scootmobiel")


def test_a_real_word_is_not_corrected_into_another(demo_map):
    backend = demo_map.search_backend
    backend._refresh()
    plan = plan_query(SearchQuery(q="ik denk veel aan vroeger en wil mijn leven op papier zetten"), backend)
    assert not {stem("donk"), stem("lezen")} & set(plan.match_terms)
    assert stem("eenzaamheid") in plan_query(SearchQuery(q="eenzaamhijd"), backend).match_terms
