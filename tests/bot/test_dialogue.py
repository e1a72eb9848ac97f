"""The kanteling dialogue, turn by turn, with a fake social map and hub."""

from dataclasses import dataclass

import pytest
from actions.dialogue import Dialogue, Services, new_state


@dataclass
class FakeHit:
    id: str
    name: str


class Fakes:
    def __init__(self, found=None, fail_search=False, fail_hub=False):
        self.found = found if found is not None else {
            "zelf": [FakeHit("z1", "Boodschappen samen regelen")],
            "omgeving": [FakeHit("o1", "Boodschappenbus Deurne"), FakeHit("o2", "Burenhulp Deurne")],
            "algemeen": [FakeHit("a1", "Boodschappendienst Supermarkt Thuis")],
        }
        self.fail_search, self.fail_hub = fail_search, fail_hub
        self.sent: list[dict] = []
        self.searches: list[tuple] = []

    def search(self, topic, ladder, municipality, postcode):
        self.searches.append((topic, ladder, municipality))
        if self.fail_search:
            raise RuntimeError("index kapot")
        return self.found.get(ladder, [])

    def resolve_place(self, text):
        known = {"deurne": ("Deurne", "Deurne"), "5757": ("Deurne", "Liessel"), "geemert": ("Gemert-Bakel", "Gemert")}
        return known.get(text.lower().strip(), (None, None))

    def send_handover(self, record):
        if self.fail_hub:
            raise RuntimeError("hub onbereikbaar")
        self.sent.append(record)
        return "h-1"

    def services(self):
        return Services(search=self.search, resolve_place=self.resolve_place, send_handover=self.send_handover,
                        municipalities=lambda: ["Helmond", "Deurne"], topic_label=lambda s: s or "")


class Conversation:
    def __init__(self, fakes=None):
        self.fakes = fakes or Fakes()
        self.dialogue = Dialogue(self.fakes.services())
        self.state = new_state()
        self.turn = None

    def send(self, intent, text="", runner_up=None, **entities):
        self.turn, self.state = self.dialogue.respond(self.state, intent, entities, text or f"/{intent}", "conv-1",
                                                      runner_up)
        return self.turn

    @property
    def text(self):
        return " ".join(m["text"] for m in self.turn.messages)

    @property
    def payloads(self):
        return [b["payload"] for m in self.turn.messages for b in m.get("buttons", [])]


def test_full_kanteling_flow_to_a_consultant():
    c = Conversation()
    c.send("vraag_boodschappen", "ik kan de tassen niet meer dragen")
    assert c.state["stage"] == "for_whom" and "/voor_mijzelf" in c.payloads
    c.send("voor_mijzelf")
    assert c.state["stage"] == "place" and "gemeente" in c.text
    c.send("geef_plaats", "Deurne", plaats="Deurne")
    assert c.state["ladder_step"] == "zelf" and c.turn.services == ["z1"]
    assert "zelf" in c.text.lower() and "altijd vragen om een medewerker" in c.text
    c.send("ontkennen")
    assert c.state["ladder_step"] == "omgeving" and c.turn.services == ["o1", "o2"]
    c.send("ontkennen")
    assert c.state["ladder_step"] == "algemeen"
    c.send("ontkennen")
    assert c.state["stage"] == "maatwerk_offer" and "Wmo-consulent" in c.text
    c.send("bevestigen")
    assert c.state["stage"] == "consent" and "ik kan de tassen niet meer dragen" in c.text
    c.send("bevestigen")
    assert c.state["stage"] == "contact_kind"
    c.send("geef_contact", contact_soort="telefoon")
    c.send("nlu_fallback", "06 1234 567")  # too short
    assert c.state["stage"] == "contact_value" and "telefoonnummer" in c.text
    c.send("nlu_fallback", "06 12345678")
    assert c.state["mode"] == "wacht-op-mens" and c.state["handover_id"] == "h-1"
    record = c.fakes.sent[0]
    assert record["question"] == "ik kan de tassen niet meer dragen"
    assert record["municipality"] == "Deurne" and record["topic"] == "boodschappen"
    assert record["contact"] == {"preference": "telefoon", "value": "06 12345678"}
    assert "Boodschappenbus Deurne" in record["ladder"]["omgeving"] and "helpt niet" in record["ladder"]["omgeving"]
    assert [s["reaction"] for s in record["services_offered"]] == ["helpt niet"] * 4
    assert record["consent"]["given"] is True and record["anonymous"] is False
    assert c.fakes.searches[0] == ("boodschappen", "zelf", "Deurne")


def test_relation_in_the_question_skips_for_whom():
    c = Conversation()
    c.send("vraag_dementie", "mijn moeder wordt vergeetachtig", relatie="moeder")
    assert c.state["for_whom"] == "ander" and c.state["relation"] == "moeder"
    assert c.state["stage"] == "place"


def test_a_service_that_helps_ends_the_steps_politely():
    c = Conversation()
    for intent, kwargs in [("vraag_boodschappen", {}), ("voor_mijzelf", {}), ("geef_plaats", {"plaats": "Deurne"})]:
        c.send(intent, **kwargs)
    c.send("bevestigen")
    assert c.state["stage"] == "done" and "Fijn" in c.text
    assert c.state["ladder"]["zelf"].endswith("Reactie: helpt.")


@pytest.mark.parametrize("intent", ["mens_spreken", "maatwerk_aanvragen", "spoed"])
def test_person_maatwerk_or_urgency_skips_the_remaining_steps(intent):
    c = Conversation()
    c.send("vraag_boodschappen", "boodschappen lukt niet")
    c.send(intent, "ik wil iemand spreken")
    assert c.state["stage"] == "consent"
    assert "mag ik dit doorgeven" in c.text
    assert (c.state["urgency"] == "spoed") == (intent == "spoed")


def test_crisis_gets_helplines_at_once_and_never_a_form():
    c = Conversation()
    c.send("vraag_boodschappen", "boodschappen")
    turn = c.send("nlu_fallback", "het hoeft voor mij niet meer")  # the lexicon catches it
    assert turn.crisis is True
    for number in ("113", "0800-0113", "112", "0800-2000"):
        assert number in c.text
    assert "/mens_spreken" in c.payloads and c.state["urgency"] == "spoed"
    c.send("mens_spreken")
    c.send("bevestigen")
    assert c.state["stage"] == "contact_kind"


def test_near_miss_is_not_treated_as_crisis():
    c = Conversation()
    turn = c.send("vraag_huishoudelijke_hulp", "ik ben doodmoe van het poetsen")
    assert turn.crisis is False and c.state["topic"] == "huishoudelijke-hulp"


def test_unknown_place_is_asked_once_more_then_skipped():
    c = Conversation()
    c.send("vraag_boodschappen")
    c.send("voor_mijzelf")
    c.send("geef_plaats", "Amsterdam", plaats="Amsterdam")
    assert c.state["stage"] == "place" and "ken ik niet" in c.text
    c.send("geef_plaats", "Utrecht", plaats="Utrecht")
    assert c.state["municipality"] is None and c.state["ladder_step"] == "zelf"


def test_search_finds_nothing_gives_an_honest_answer_and_offers_a_person():
    c = Conversation(Fakes(found={}))
    for intent, kwargs in [("vraag_huisvesting", {}), ("voor_mijzelf", {}), ("geef_plaats", {"plaats": "Deurne"})]:
        c.send(intent, **kwargs)
    assert "niets gevonden" in c.text and c.state["stage"] == "maatwerk_offer"
    assert "Niets gevonden" in c.state["ladder"]["zelf"]


def test_search_failure_says_it_cannot_look_it_up():
    c = Conversation(Fakes(fail_search=True))
    for intent, kwargs in [("vraag_vervoer", {}), ("voor_mijzelf", {}), ("geef_plaats", {"plaats": "Deurne"})]:
        c.send(intent, **kwargs)
    assert "kan dat nu niet opzoeken" in c.text and "/bevestigen" in c.payloads


def test_hub_down_gives_the_phone_number():
    c = Conversation(Fakes(fail_hub=True))
    c.send("vraag_vervoer", "vervoer")
    c.send("mens_spreken")
    c.send("bevestigen")
    c.send("geef_contact", contact_soort="chat")
    assert "14 0492" in c.text and c.state["handover_id"] is None


def test_declining_consent_sends_nothing():
    c = Conversation()
    c.send("vraag_vervoer", "vervoer")
    c.send("mens_spreken")
    c.send("ontkennen")
    assert c.fakes.sent == [] and "stuur niets door" in c.text


def test_anonymous_listening_then_a_luisteraar_without_contact_data():
    c = Conversation()
    c.send("anoniem")
    assert c.state["anonymous"] and c.state["mode"] == "anoniem"
    c.send("luisteren", "ik wil gewoon even praten")
    for n in range(3):
        c.send("nlu_fallback", f"ik heet Jan en alles is zwaar {n}")
    assert "0800-0767" in c.text  # after three turns the bot offers helplines and a person
    c.send("mens_spreken")
    assert c.state["stage"] == "consent" and "anoniem" in c.text
    c.send("bevestigen")
    record = c.fakes.sent[0]
    assert record["anonymous"] is True and record["contact"] is None
    assert "Jan" not in str(record)
    assert c.state["mode"] == "wacht-op-mens"


def test_out_of_scope_says_where_to_go():
    c = Conversation()
    c.send("buiten_scope", "mijn paspoort is verlopen")
    assert "gemeente" in c.text and c.state["stage"] is None


def test_consultant_hands_back():
    c = Conversation()
    c.state.update(mode="mens", handover_id="h-9")
    c.send("vraag_boodschappen", "nog een vraag")
    assert "klaar voor een medewerker" in c.text
    c.send("terug_naar_bot")
    assert c.state["mode"] == "bot" and "Ik ben er weer" in c.text


@pytest.mark.parametrize("follow_up", [
    ("bevestigen", {}),    # "ja" to "Kan ik u nog ergens anders mee helpen?"
    ("hulp_zoeken", {}),
    ("voor_mijzelf", {}),
    ("geef_plaats", {"plaats": "Deurne"}),
])
def test_after_all_steps_the_bot_never_falls_silent(follow_up):
    c = Conversation()
    for intent, kwargs in [("vraag_boodschappen", {}), ("voor_mijzelf", {}), ("geef_plaats", {"plaats": "Deurne"}),
                           ("ontkennen", {}), ("ontkennen", {}), ("ontkennen", {}), ("ontkennen", {})]:
        c.send(intent, **kwargs)
    assert "stuur niets door" in c.text  # the handover was declined; every step has been taken
    intent, kwargs = follow_up
    c.send(intent, **kwargs)
    assert c.text.strip() and "/mens_spreken" in c.payloads
    c.send("vraag_boodschappen", "toch nog boodschappen")
    assert c.state["ladder_step"] == "zelf" and c.turn.services == ["z1"]


def test_no_more_questions_ends_with_a_goodbye_instead_of_asking_again():
    c = Conversation()
    for intent, kwargs in [("vraag_boodschappen", {}), ("voor_mijzelf", {}), ("geef_plaats", {"plaats": "Deurne"}),
                           ("bevestigen", {})]:
        c.send(intent, **kwargs)
    assert "nog ergens anders mee helpen" in c.text
    c.send("ontkennen", "nee")
    assert "Tot ziens" in c.text and "helpen?" not in c.text


def test_contact_question_without_a_choice_is_asked_again_with_buttons():
    c = Conversation()
    c.send("vraag_vervoer", "vervoer")
    c.send("mens_spreken")
    c.send("bevestigen")
    c.send("geef_contact", "neem maar contact op")  # the model found no contact_soort
    assert c.state["stage"] == "contact_kind"
    assert '/geef_contact{"contact_soort": "telefoon"}' in c.payloads
    c.send("geef_contact", contact_soort="telefoon")
    c.send("nlu_fallback", "0612")
    assert "geen telefoonnummer" in c.text and c.fakes.sent == []
    c.send("nlu_fallback", "06 12345678")
    assert c.fakes.sent[0]["contact"] == {"preference": "telefoon", "value": "06 12345678"}
    assert c.state["mode"] == "wacht-op-mens" and c.state["handover_id"] == "h-1"


def test_a_crisis_only_the_classifier_heard_is_asked_about_with_the_helplines_at_once():
    c = Conversation()
    turn = c.send("crisis", "ik weet het allemaal niet meer", runner_up="vraag_psychisch_welzijn")
    assert turn.crisis is True and c.state["stage"] == "crisis_check"
    for number in ("113", "0800-0113", "112", "0800-2000"):
        assert number in c.text
    assert "/mens_spreken" in c.payloads and "/ontkennen" in c.payloads
    c.send("ontkennen")  # not in danger: on with the question the classifier ranked next
    assert c.turn.crisis is False and c.state["topic"] == "psychisch-welzijn"
    assert c.state["stage"] == "for_whom" and c.state["urgency"] == "normaal"


def test_a_resident_who_wants_a_person_after_the_check_is_handed_over_with_spoed():
    c = Conversation()
    c.send("crisis", "ik weet het allemaal niet meer")
    c.send("mens_spreken")
    assert c.state["stage"] == "consent" and c.state["urgency"] == "spoed"
    assert "crisis" in c.state["safety_flags"]


def test_the_lexicon_makes_a_crisis_sure_whatever_the_classifier_said():
    c = Conversation()
    turn = c.send("vraag_woningaanpassing", "ik sta op het dak en ga springen, dan is het voorbij")
    assert turn.crisis is True and c.state["stage"] == "crisis_offer"


def test_the_age_a_resident_gives_goes_into_the_summary_and_the_handover():
    c = Conversation()
    c.send("vraag_boodschappen", "mijn moeder van 87 kan niet naar de winkel", relatie="moeder", leeftijd="87")
    c.send("geef_plaats", "Deurne", plaats="Deurne")
    c.send("mens_spreken")
    assert "Leeftijd: 87 jaar" in c.text
    c.send("bevestigen")
    c.send("geef_contact", contact_soort="chat")
    assert c.fakes.sent[-1]["household"] == "Leeftijd: 87 jaar"


def test_an_anonymous_resident_keeps_no_age():
    c = Conversation()
    c.send("anoniem")
    c.send("vraag_eenzaamheid", "ik ben 83 en zie niemand", leeftijd="83")
    assert c.state["age"] is None


def test_a_typed_no_that_names_the_danger_answers_the_check_and_is_no_crisis():
    c = Conversation()
    c.send("crisis", "ik weet het allemaal niet meer", runner_up="vraag_huishoudelijke_hulp")
    turn = c.send("crisis", "nee, ik denk niet aan zelfdoding, ik bedoel de schoonmaak")
    assert turn.crisis is False and c.state["topic"] == "huishoudelijke-hulp"
    assert c.state["urgency"] == "normaal" and c.state["safety_flags"] == []


def test_not_knowing_at_the_check_keeps_the_offer_of_a_person_open():
    c = Conversation()
    c.send("crisis", "ik weet het allemaal niet meer")
    c.send("weet_niet", "ik weet het niet")
    assert c.state["stage"] == "crisis_check" and {"/mens_spreken", "/ontkennen"} <= set(c.payloads)


def test_no_to_a_check_during_a_ladder_step_asks_about_that_step_again():
    c = Conversation()
    c.send("vraag_boodschappen", "ik kan de tassen niet meer dragen")
    c.send("voor_mijzelf")
    c.send("geef_plaats", "Deurne", plaats="Deurne")
    c.send("crisis", "ik weet het echt allemaal niet meer", runner_up="vraag_boodschappen")
    c.send("ontkennen")
    assert c.state["stage"] == "step" and c.state["ladder_step"] == "zelf" and "Helpt dit u verder?" in c.text


def test_no_to_a_check_while_being_listened_to_goes_on_listening():
    c = Conversation()
    c.send("luisteren")
    c.send("nlu_fallback", "het is allemaal zo zwaar")
    c.send("crisis", "soms weet ik het niet meer", runner_up="vraag_eenzaamheid")
    c.send("ontkennen")
    assert c.state["stage"] == "listening" and c.state["topic"] is None and c.state["mode"] == "anoniem"


def test_no_to_a_sure_crisis_goes_on_with_the_question_it_came_with():
    c = Conversation()
    c.send("vraag_vervoer", "ik woon op de flat en wil van het dak springen")
    assert c.state["stage"] == "crisis_offer"
    c.send("ontkennen")
    assert c.state["topic"] == "vervoer" and c.state["stage"] == "for_whom"
    assert c.state["urgency"] == "spoed"  # said once, the consultant should still know


def test_durations_and_amounts_are_not_taken_for_an_age():
    c = Conversation()
    c.send("vraag_mantelzorg", "ik zorg al 10 jaar voor mijn man", leeftijd="10")
    assert c.state["age"] is None
    c.send("vraag_geldzaken", "mijn eigen bijdrage is 19,50", leeftijd="19")
    assert c.state["age"] is None


def test_entities_keep_the_first_mention_and_the_longer_reading_of_the_same_words():
    from actions.action_wegwijs import entities_of, runner_up
    message = {"entities": [{"entity": "postcode", "value": "5751", "start": 9, "end": 13},
                            {"entity": "postcode", "value": "5751 AB", "start": 9, "end": 16},
                            {"entity": "relatie", "value": "moeder", "start": 0, "end": 6},
                            {"entity": "relatie", "value": "mantelzorger", "start": 20, "end": 32}]}
    assert entities_of(message) == {"postcode": "5751 AB", "relatie": "moeder"}
    ranking = [{"name": "crisis", "confidence": 0.6}, {"name": "luisteren", "confidence": 0.2},
               {"name": "vraag_eenzaamheid", "confidence": 0.12}]
    assert runner_up({"intent_ranking": ranking}) == "vraag_eenzaamheid"
    ranking[2]["confidence"] = 0.05
    assert runner_up({"intent_ranking": ranking}) is None  # too unsure: the bot asks instead
