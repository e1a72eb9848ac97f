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


# Needs as residents phrase them (our own sentences, none from a judged set), with the topics
# whose services answer them.
EVERYDAY_QUESTIONS = [
    ("wie kan er bij mij stofzuigen en dweilen?", {"huishoudelijke-hulp"}),
    ("is er iemand die mijn overhemden kan strijken", {"huishoudelijke-hulp"}),
    ("hoe krijg ik mijn boodschappen thuis als ik niet meer kan lopen", {"boodschappen"}),
    ("waar kan ik een warme maaltijd krijgen, ik kook niet meer", {"maaltijden"}),
    ("wie kan mijn kapotte kraan maken", {"klussen"}),
    ("mijn heg is veel te hoog en ik kan niet meer snoeien", {"klussen"}),
    ("ik snap de brieven van de belastingdienst niet", {"administratie"}),
    ("ik zit de hele dag alleen thuis en spreek niemand", {"eenzaamheid"}),
    ("ik ben met pensioen en wil iets nuttigs doen voor anderen", {"vrijwilligerswerk"}),
    ("hoe kan ik even vrij nemen van het zorgen voor mijn vader", {"mantelzorg"}),
    ("wie helpt mij met douchen en aankleden", {"persoonlijke-verzorging"}),
    ("ik pieker veel en slaap slecht", {"psychisch-welzijn"}),
    ("ik kom de trap niet meer op, kan er een traplift komen?", {"woningaanpassing"}),
    ("waar kan ik een rollator lenen", {"hulpmiddelen"}),
    ("is er een taxi voor mensen die slecht ter been zijn", {"vervoer"}),
    ("ik heb steeds meer schulden en de deurwaarder komt", {"geldzaken"}),
    ("ik ben mijn baan kwijt, hoe kom ik aan een uitkering", {"werk-en-inkomen"}),
    ("hoe ga ik om met de driftbuien van mijn peuter", {"opvoeding"}),
    ("where can I get help cleaning my apartment", {"huishoudelijke-hulp"}),
    ("I can't pay my bills", {"geldzaken"}),
]


def test_everyday_questions_find_services_for_their_need(demo_map):
    missed = []
    for q, topics in EVERYDAY_QUESTIONS:
        top = demo_map.search(SearchQuery(q=q, limit=3)).items
        if not top or not topics & set(top[0].topics):
            missed.append((q, [h.name for h in top]))
    assert len(missed) <= 1, missed  # one miss allowed: meaning by word vectors is not perfect
