"""A search that signals suicide, violence or an emergency shows the right helplines first."""

import json

import pytest

from socialmap import SearchQuery
from socialmap.cli import main as cli_main
from socialmap.search.crisis import crisis_signal


@pytest.mark.parametrize("text, kind", [
    ("ik wil niet meer leven", "suicide"),
    ("soms denk ik dat iedereen beter af is zonder mij", "suicide"),
    ("ik wil er een einde aan maken", "suicide"),
    ("zelfmoordgedachten", "suicide"),
    ("I want to kill myself", "suicide"),
    ("i don't want to live anymore", "suicide"),
    ("mijn vriend heeft een overdosis pillen genomen", "suicide-acute"),
    ("mijn man slaat me", "violence"),
    ("de buurman wordt steeds geslagen door zijn zoon", "violence"),
    ("my partner hits me and I am scared", "violence"),
    ("hij staat nu voor de deur met een mes", "violence-acute"),
    ("mijn moeder ademt niet", "emergency"),
    ("there is a fire in my street", None),  # 'fire' alone is not an emergency word here
    ("house on fire", "emergency"),
    ("ik heb in mijn armen gesneden", "suicide"),  # self-harm: 113
    ("ik sta op de brug en wil springen", "suicide-acute"),
    ("mijn oma is gevallen en reageert niet", "emergency"),
])
def test_signal_in_dutch_and_english(text, kind):
    signal = crisis_signal(text)
    assert (signal.kind if signal else None) == kind


@pytest.mark.parametrize("text", [
    "boodschappen", "ik kan mijn post niet meer bijhouden", "Wooncheck Veilig Thuis Wonen Asten",
    "brandstof vergoeding", "mijn man is vorig jaar overleden", "leven met dementie",
    "hulp bij het doen van de was", "ik voel me somber",
    "mijn vader had vorig jaar een hartaanval en zoekt nu hulp bij het douchen",  # past, not acute
    "vroeger werd ik geslagen, nu wil ik erover praten", "de deur slaat steeds dicht",
    "de gemeente reageert niet op mijn brief", "hoe kan ik veilig thuis blijven wonen",
])
def test_everyday_questions_are_no_crisis(text):
    assert crisis_signal(text) is None


def names(result, n=3):
    return [h.name for h in result.items[:n]]


def test_suicidal_query_has_113_first_then_112(demo_map):
    result = demo_map.search(SearchQuery(q="ik zie het niet meer zitten en wil dood"))
    assert names(result, 2) == ["113 Zelfmoordpreventie", "112 Alarmnummer"]
    assert result.to_dict()["crisis"]["kind"] == "suicide"


def test_violence_at_home_has_veilig_thuis_first(demo_map):
    result = demo_map.search(SearchQuery(q="my husband beats me"))
    assert names(result, 1) == ["Veilig Thuis"]
    assert "112 Alarmnummer" in names(result, 2)


def test_acute_danger_has_112_first(demo_map):
    assert names(demo_map.search(SearchQuery(q="mijn vader ademt niet meer")), 1) == ["112 Alarmnummer"]


def test_helplines_lead_whatever_the_filters_and_only_once(demo_map):
    result = demo_map.search(SearchQuery(q="ik wil niet meer leven", municipality="Asten", age=16,
                                         limit=50))
    ids = [h.id for h in result.items]
    assert names(result, 1) == ["113 Zelfmoordpreventie"]
    assert len(ids) == len(set(ids)) and result.total >= len(ids)
    second = demo_map.search(SearchQuery(q="ik wil niet meer leven", limit=2, offset=2))
    assert not {h.name for h in second.items} & {"113 Zelfmoordpreventie", "112 Alarmnummer"}


def test_ordinary_query_answer_has_no_crisis_field(demo_map):
    assert "crisis" not in demo_map.search(SearchQuery(q="boodschappen")).to_dict()


def test_cli_search_json_shows_the_helpline_first(demo_map, capsys):
    assert cli_main(["search", "--db", demo_map.path, "--json", "I want to end my life"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["items"][0]["name"] == "113 Zelfmoordpreventie"
    assert answer["crisis"]["helplines"][0]["phone"].startswith("113")


@pytest.mark.parametrize("text, kind", [
    # veiled suicidal thoughts, a plan or a goodbye
    ("het hoeft voor mij allemaal niet meer", "suicide"),
    ("ik heb al mijn spullen aan mijn neef weggegeven", "suicide"),
    ("soms wil ik gewoon verdwijnen", "suicide"),
    ("mijn afscheidsbrief ligt in de la", "suicide"),
    ("ik denk erover om mezelf wat aan te doen", "suicide"),
    ("sometimes I think about ending it", "suicide"),
    ("I can't go on like this", "suicide"),
    ("ik kras weer in mijn armen", "suicide"),
    ("ik heb een hele doos slaappillen geslikt", "suicide-acute"),
    # violence told without the word 'geweld'
    ("ik heb blauwe plekken van mijn vriend", "violence"),
    ("hij pakt mijn telefoon af en ik mag niet naar buiten", "violence"),
    ("mijn stiefvader zegt dat hij me vermoordt", "violence"),
    ("hij had zijn handen om mijn keel", "violence"),
    ("ik vermoed kindermishandeling bij de buren", "violence"),
    ("my boyfriend won't let me see my friends", "violence"),
    ("hij staat in de gang met een hamer", "violence"),
    # acute medical danger
    ("het gezicht van mijn vader hangt ineens scheef", "emergency"),
    ("ik heb pijn op de borst en zweet", "emergency"),
    ("mijn dochter heeft schoonmaakmiddel gedronken", "emergency"),
    ("mijn buurvrouw ligt onder aan de trap", "emergency"),
])
def test_veiled_and_indirect_danger_is_recognised(text, kind):
    signal = crisis_signal(text)
    assert (signal.kind if signal else None) == kind


@pytest.mark.parametrize("text", [
    "rouwverwerking", "valpreventie", "huiselijk geweld voorlichting school",
    "cursus omgaan met agressie op het werk", "informatie over ouderenmishandeling voor vrijwilligers",
    "EHBO cursus reanimatie", "mijn kind wil 's ochtends niet wakker worden voor school",
    "mijn telefoon is kapot", "ik heb een brief van de gemeente gekregen", "testament laten opstellen",
    "na een beroerte zoekt mijn man dagbesteding", "mijn moeder is vorig jaar in het water gevallen",
    "Essent dreigt mij af te sluiten", "ik durf door mijn angst nergens meer heen",
    "geweldig leuke activiteiten voor ouderen", "mijn zoon heeft een drukke baan en weinig tijd",
])
def test_look_alikes_of_danger_stay_ordinary_searches(text):
    assert crisis_signal(text) is None


def test_veiled_violence_puts_veilig_thuis_first(demo_map):
    result = demo_map.search(SearchQuery(q="mijn vriend pakt mijn telefoon af en ik mag de deur niet uit"))
    assert names(result, 1) == ["Veilig Thuis"]


def test_after_the_helplines_national_lines_come_before_local_walk_ins(demo_map):
    items = demo_map.search(SearchQuery(q="ik denk aan zelfmoord", limit=8)).items
    rest = [h for h in items if h.name not in {"113 Zelfmoordpreventie", "112 Alarmnummer", "De Luisterlijn"}]
    flags = [h.municipalities == ["Nederland"] for h in rest]
    assert flags == sorted(flags, reverse=True)
    assert rest[0].name == "Sensoor chatdienst"  # a chat answers now; a walking group meets next week


@pytest.mark.parametrize("text, kind", [
    ("I am scared of my boyfriend", "violence"),
    ("I feel unsafe at home", "violence"),
    ("thuis voel ik me niet veilig", "violence"),
    ("my dad hits my mom", "violence"),
    ("life is pointless", "suicide"),
    ("my sister took all her pills", "suicide-acute"),
    ("mijn broer praat steeds over doodgaan", "suicide"),
    ("mijn buurvrouw is in elkaar gezakt", "emergency"),
    ("I can't wake her up", "emergency"),
])
def test_other_peoples_danger_and_english_phrasings(text, kind):
    signal = crisis_signal(text)
    assert (signal.kind if signal else None) == kind


@pytest.mark.parametrize("text", [
    "ik kan niet meer, de zorg voor mijn man is te zwaar", "ik wil niet meer alleen wonen",
    "na mijn hersenbloeding overzie ik het niet meer", "veilig thuis wonen met dementie",
])
def test_tiredness_and_aftercare_are_no_crisis(text):
    assert crisis_signal(text) is None


def test_services_for_the_crisis_fill_the_page_after_the_helplines(demo_map):
    items = demo_map.search(SearchQuery(q="mijn vrouw schopt mij", limit=6)).items
    assert [h.name for h in items[:2]] == ["Veilig Thuis", "112 Alarmnummer"]
    assert len(items) == 6 and all("huiselijk-geweld" in h.topics for h in items)
