"""The kanteling dialogue, turn by turn as a resident would go through it, with a fake social map and hub."""

import pytest
from actions import texts
from actions.dialogue import QUESTIONS, Dialogue
from actions.state import Conversation, Stage
from bot_chat_fakes import Chat, Fakes

NUMBERS = ("113", "0800-0113", "112", "0800-2000")


# -- step 1: the typed state and the table of stages ------------------------------------------------

def test_the_state_is_a_dataclass_that_round_trips_through_the_slot():
    c = Chat()
    c.send("vraag_boodschappen", "ik kan de tassen niet meer dragen, ik woon in Deurne")
    assert isinstance(c.state, dict) and c.state["stage"] == "step"
    again = Conversation.from_slot(c.state)
    assert again.stage is Stage.STEP and again.municipality == "Deurne" and again.to_slot() == c.state


def test_an_old_or_broken_slot_still_loads():
    old = {"mode": "bot", "stage": "crisis_check", "topic": "vervoer", "listen_turns": 2, "gone_field": 1}
    c = Conversation.from_slot(old)
    assert c.stage is Stage.START and c.topic == "vervoer" and c.listen_turns == 2
    assert Conversation.from_slot(None).stage is Stage.START


def test_every_question_stage_has_an_entry_in_the_table_and_its_texts_exist_in_both_languages():
    for stage, question in QUESTIONS.items():
        for lang in texts.LANGUAGES:
            for key in filter(None, (question.key, question.again)):
                assert texts.entry(lang, key), (stage, lang, key)


def test_the_catalogues_have_the_same_keys():
    def keys(node, prefix=""):
        if isinstance(node, dict):
            return {k for key, value in node.items() for k in keys(value, f"{prefix}{key}.")}
        return {prefix.rstrip(".")}
    assert keys(texts.catalogue("nl")) == keys(texts.catalogue("en"))


def test_no_text_is_left_in_the_dialogue_code():
    import inspect

    from actions import dialogue
    source = inspect.getsource(dialogue)
    for phrase in ("Waar zoekt u hulp", "In welke gemeente", "Helpt dit u verder", "Klopt dit"):
        assert phrase not in source


# -- the path -------------------------------------------------------------------------------------

def test_full_kanteling_flow_to_a_consultant():
    c = Chat()
    c.send("vraag_boodschappen", "ik kan de tassen niet meer dragen")
    assert c.state["for_whom"] == "zelf" and c.state["stage"] == "place" and "gemeente" in c.text
    c.tap("Deurne")
    assert c.state["ladder_step"] == "zelf" and c.turn.services == ["z1"]
    assert "altijd vragen om een medewerker" in c.text
    c.tap("Nee, verder kijken")
    assert c.state["ladder_step"] == "omgeving" and c.turn.services == ["o1", "o2"]
    c.send("ontkennen", "nee")
    assert c.state["ladder_step"] == "algemeen"
    c.send("nlu_fallback", "nee helaas niet")
    assert c.state["stage"] == "maatwerk_offer" and "Wmo-consulent" in c.text
    c.send("bevestigen", "ja graag")
    assert c.state["stage"] == "consent" and "ik kan de tassen niet meer dragen" in c.text
    c.tap("Ja, geef het door")
    assert c.state["stage"] == "contact_kind"
    c.tap("Bel mij")
    assert c.state["stage"] == "safe_to_contact" and "veilig" in c.text
    c.send("bevestigen", "ja")
    assert c.state["stage"] == "contact_value"
    c.send("nlu_fallback", "06 1234 567")  # too short
    assert c.state["stage"] == "contact_value" and "telefoonnummer" in c.text
    c.send("nlu_fallback", "06 12345678")
    assert c.state["stage"] == "preferred_time"
    c.tap("'s Ochtends")
    assert c.state["mode"] == "wacht-op-mens" and c.state["handover_id"] == "h-1"
    assert "'s ochtends" in c.text
    record = c.record
    assert record["question"] == "ik kan de tassen niet meer dragen"
    assert record["municipality"] == "Deurne" and record["topic"] == "boodschappen"
    assert record["contact"] == {"preference": "telefoon", "value": "06 12345678"}
    assert record["safe_to_contact"] is True and record["preferred_time"] == "'s ochtends"
    assert record["kind"] == "wmo" and record["language"] == "nl" and record["corrections"] == []
    assert "Boodschappenbus Deurne" in record["ladder"]["omgeving"] and "helpt niet" in record["ladder"]["omgeving"]
    assert [s["reaction"] for s in record["services_offered"]] == ["helpt niet"] * 4
    assert record["consent"]["given"] is True and record["anonymous"] is False
    assert c.fakes.searches[0] == ("boodschappen", "zelf", "Deurne")


def test_a_step_with_nothing_on_the_map_is_said_never_skipped_silently():
    found = {"zelf": [], "omgeving": [], "algemeen": [Fakes().found["algemeen"][0]]}
    c = Chat(Fakes(found=found))
    c.send("vraag_boodschappen", "ik woon in Helmond en kan geen boodschappen meer doen")
    assert c.state["ladder_step"] == "algemeen"
    assert c.text.count("vond ik niets in de sociale kaart") == 2


def test_a_service_that_helps_ends_with_one_closing_question_and_a_goodbye_ends_it():
    c = Chat()
    c.send("vraag_boodschappen", "boodschappen lukt mij niet meer, ik woon in Deurne")
    c.send("bevestigen", "ja dit helpt")
    assert "Fijn dat dit helpt" in c.text and c.state["stage"] == "anything_else"
    assert c.state["ladder"]["zelf"].endswith("Reactie: helpt.")
    c.send("ontkennen", "nee, dank u wel")
    assert "Tot ziens" in c.text and "?" not in c.text and c.state["stage"] == "closed"
    c.send("bedanken", "dank je")
    assert "?" not in c.text


@pytest.mark.parametrize("intent", ["mens_spreken", "maatwerk_aanvragen", "spoed"])
def test_person_maatwerk_or_urgency_skips_the_remaining_steps(intent):
    c = Chat()
    c.send("vraag_boodschappen", "boodschappen lukt niet, ik woon in Deurne")
    c.send(intent, "ik wil iemand spreken")
    assert c.state["stage"] == "consent" and "mag ik dit doorgeven" in c.text
    assert (c.state["urgency"] == "spoed") == (intent == "spoed")


def test_search_finds_nothing_gives_an_honest_answer_and_offers_a_person():
    c = Chat(Fakes(found={}))
    c.send("vraag_huisvesting", "ik zoek een andere woning in Deurne")
    assert "niets gevonden" in c.text and c.state["stage"] == "maatwerk_offer"
    assert "Niets gevonden" in c.state["ladder"]["zelf"]


def test_search_failure_says_it_cannot_look_it_up():
    c = Chat(Fakes(fail_search=True))
    c.send("vraag_vervoer", "ik heb vervoer nodig, ik woon in Deurne")
    assert "kan dat nu niet opzoeken" in c.text and "/bevestigen" in c.payloads


def test_hub_down_gives_the_phone_number():
    c = Chat(Fakes(fail_hub=True))
    c.send("vraag_vervoer", "ik heb vervoer nodig in Deurne")
    c.send("mens_spreken", "mag ik een medewerker")
    c.send("bevestigen", "ja")
    c.tap("Hier in de chat")
    assert "0493 38 76 00" in c.text and c.state["handover_id"] is None  # Deurne's own number
    assert "14 0492" not in c.text  # never Helmond's for a resident of Deurne


def test_before_the_municipality_is_known_no_number_stands_for_everyone():
    c = Chat(Fakes())
    c.send("buiten_scope", "kan ik bij jullie mijn paspoort verlengen?")
    assert "uw eigen gemeente" in c.text and "onder deze chat" in c.text
    assert "14 0492" not in c.text  # Helmond's number is not everyone's
    known = Chat(Fakes())
    known.send("buiten_scope", "ik woon in Asten, kan ik bij jullie mijn paspoort verlengen?")
    assert "de gemeente Asten op 0493 69 25 00" in known.text, known.text


def test_out_of_scope_says_where_to_go():
    c = Chat()
    c.send("buiten_scope", "mijn paspoort is verlopen")
    assert "gemeente" in c.text and c.state["stage"] == "anything_else"


def test_consultant_hands_back():
    c = Chat()
    c.state.update(mode="mens", handover_id="h-9")
    c.send("vraag_boodschappen", "nog een vraag")
    assert "klaar voor een medewerker" in c.text
    c.send("terug_naar_bot")
    assert c.state["mode"] == "bot" and "Ik ben er weer" in c.text


def test_after_all_steps_a_new_question_walks_the_steps_again():
    c = Chat()
    c.send("vraag_boodschappen", "ik kan niet meer boodschappen doen, ik woon in Deurne")
    for _ in range(3):
        c.send("ontkennen", "nee")
    c.send("ontkennen", "nee")  # no consultant
    assert "stuur niets door" in c.text and c.state["stage"] == "anything_else"
    c.send("vraag_boodschappen", "toch nog boodschappen")
    assert c.state["ladder_step"] == "zelf" and c.turn.services == ["z1"]


# -- step 3: a conversation that listens ----------------------------------------------------------

def test_every_turn_asks_at_most_one_question():
    c = Chat()
    c.send("vraag_mantelzorg", "Ik zorg al jaren voor mijn man en ik ben op. Ik woon in Gemert.")
    assert len(c.questions) <= 1
    c.send("mens_spreken", "ik wil een mens spreken")
    assert len(c.questions) == 1


def test_the_resident_is_acknowledged_briefly_and_not_every_time_the_same():
    a = Chat()
    a.send("vraag_eenzaamheid", "Sinds mijn man is overleden zit ik veel alleen thuis in Deurne")
    first = a.turn.messages[0]["text"]
    assert "verdrietig" in first or "Gecondoleerd" in first
    assert a.state["for_whom"] == "zelf"
    b = Chat()
    b.send("vraag_mantelzorg", "ik zorg voor mijn moeder en het wordt me te veel")
    assert "veel" in b.turn.messages[0]["text"] or "zwaar" in b.turn.messages[0]["text"]
    assert b.state["for_whom"] == "zelf" and b.state["cares_for"] == "moeder"


def test_listening_mode_reflects_asks_no_municipality_and_offers_a_person():
    c = Chat()
    c.send("luisteren", "ik wil alleen even mijn verhaal kwijt")
    c.send("vraag_eenzaamheid", "mijn vrouw is vorig jaar overleden en het huis is zo stil")
    assert "mist" in c.text or "verlies" in c.text
    assert c.state["stage"] == "listening" and "gemeente" not in c.text
    c.send("nlu_fallback", "de kinderen wonen ver weg")
    c.send("nlu_fallback", "soms praat ik de hele dag met niemand")
    assert "/mens_spreken" in c.payloads and "luisteraar" in c.text
    replies = [t for t in c.bot_texts if "?" not in t]
    assert len(set(replies)) == len(replies)  # never the same reply twice
    c.tap("Praat met een luisteraar")
    assert c.state["stage"] == "consent" and "anoniem" in c.text
    c.send("bevestigen", "ja")
    assert c.record["anonymous"] is True and c.record["contact"] is None


def test_grief_while_listening_raises_no_safety_check():
    c = Chat()
    c.send("luisteren")
    turn = c.send("crisis", "ik mis hem zo, het huis is leeg zonder hem", tier="unsure")
    assert turn.crisis is False and c.state["stage"] == "listening"
    assert "113" not in c.text


def test_an_offer_of_help_goes_to_volunteering_not_to_a_consultant():
    c = Chat()
    c.send("vraag_klussen", "Ik ben net met pensioen en wil graag iets doen voor anderen, klussen kan ik goed."
                            " Ik woon in Asten.")
    assert c.state["topic"] == "vrijwilligerswerk" and c.state["for_whom"] == "zelf"
    for _ in range(3):
        c.send("ontkennen", "nee")
    assert c.state["stage"] == "anything_else" and "Wmo-consulent" not in c.text
    assert c.fakes.sent == []


# -- step 5: issue 13, the bot side ---------------------------------------------------------------

def test_a_person_request_asks_the_municipality_in_the_same_turn_once():
    c = Chat()
    c.send("mens_spreken", "ik wil een mens spreken. nu.")
    assert c.state["stage"] == "person_place" and c.state["urgency"] == "spoed"
    assert "medewerker" in c.text and "gemeente" in c.text and len(c.questions) == 1
    c.send("geef_plaats", "Helmond", plaats="Helmond")
    assert c.state["stage"] == "consent" and "Gemeente: Helmond" in c.text


def test_a_person_request_goes_on_without_a_municipality_when_the_resident_does_not_say():
    c = Chat()
    c.send("mens_spreken", "ik wil iemand spreken")
    c.tap("Zeg ik liever niet")
    assert c.state["stage"] == "consent" and c.state["municipality"] is None


def test_crisis_shows_who_helps_now_before_any_summary_or_consent():
    c = Chat()
    c.send("vraag_boodschappen", "boodschappen")
    turn = c.send("nlu_fallback", "het hoeft voor mij niet meer")  # the lexicon catches it
    assert turn.crisis is True
    for number in NUMBERS:
        assert number in c.text
    assert "Klopt dit" not in c.text and "/mens_spreken" in c.payloads and c.state["urgency"] == "spoed"
    c.tap("Ja, ik wil met iemand praten")
    assert "het hoeft voor mij niet meer" in c.text and "niet zeker" not in c.text
    c.send("bevestigen", "ja")
    assert c.state["mode"] == "wacht-op-mens" and c.record["contact"] == {"preference": "chat", "value": ""}
    assert "belt" not in c.text and "112" in c.text  # never a call-back for an acute threat
    assert "het hoeft voor mij niet meer" in c.record["problem"] + c.record["question"]


def test_violence_at_home_gets_veilig_thuis_first_and_is_for_herself():
    c = Chat()
    turn = c.send("vraag_huiselijk_geweld", "mijn man slaat me, ik durf niet naar huis")
    assert turn.crisis is True and "Veilig Thuis" in c.turn.messages[1]["text"].split("\n")[2]
    assert c.state["for_whom"] == "zelf"
    c.send("mens_spreken")
    assert "Voor: uzelf" in c.text


def test_a_crisis_conversation_ends_with_a_safe_closing_message():
    c = Chat()
    c.send("nlu_fallback", "ik zie het niet meer zitten")
    c.send("ontkennen", "nee, nu niet")
    assert "nummers blijven" in c.text
    c.send("afscheid", "doei")
    assert "113" in c.text and "112" in c.text and c.state["stage"] == "closed"


def test_no_to_a_sure_crisis_goes_on_with_the_question_it_came_with():
    c = Chat()
    c.send("vraag_vervoer", "ik woon op de flat en wil van het dak springen")
    assert c.state["stage"] == "crisis_offer"
    c.send("ontkennen")
    assert c.state["topic"] == "vervoer"
    assert c.state["urgency"] == "spoed"  # said once, the consultant should still know


def test_a_typed_no_that_names_the_danger_is_no_crisis():
    c = Chat()
    c.send("nlu_fallback", "ik zie het niet meer zitten", runner_up="vraag_huishoudelijke_hulp")
    turn = c.send("crisis", "nee, ik denk niet aan zelfdoding, ik bedoel de schoonmaak")
    assert turn.crisis is False and c.state["topic"] == "huishoudelijke-hulp"


def test_an_unsure_classifier_gets_the_ordinary_question_not_the_safety_one():
    c = Chat()
    turn = c.send("crisis", "mijn vader raakt in de war en weet soms niet meer waar hij is", tier="unsure",
                  runner_up="vraag_dementie")
    assert turn.crisis is False and "113" not in c.text and c.state["topic"] == "dementie"
    assert c.state["for_whom"] == "ander" and c.state["relation"] == "vader"


def test_it_asks_whether_a_call_is_safe_before_storing_a_number():
    c = Chat()
    c.send("vraag_geldzaken", "ik heb schulden, ik woon in Deurne")
    c.send("mens_spreken", "ik wil iemand spreken")
    c.send("bevestigen", "ja")
    c.send("geef_contact", "0493 31 22 45 maar liefst 's ochtends")
    assert c.state["stage"] == "safe_to_contact" and c.state["contact"] is None
    c.send("ontkennen", "nee, liever niet")
    assert c.state["mode"] == "wacht-op-mens" and c.record["contact"] == {"preference": "chat", "value": ""}
    assert "0493" not in str(c.record) and c.record["safe_to_contact"] is None


def test_a_number_with_words_around_it_and_a_time_is_understood_once_safe():
    c = Chat()
    c.send("vraag_geldzaken", "ik heb schulden, ik woon in Deurne")
    c.send("mens_spreken", "ik wil iemand spreken")
    c.send("bevestigen", "ja")
    c.send("nlu_fallback", "bel me maar")
    assert c.state["contact_kind"] == "telefoon" and c.state["stage"] == "safe_to_contact"
    c.send("nlu_fallback", "ja dat is veilig")
    c.send("nlu_fallback", "mijn nummer is 0493 31 22 45 maar liefst 's ochtends")
    assert c.record["contact"]["value"] == "0493 31 22 45" and c.record["preferred_time"] == "'s ochtends"


def test_mail_graag_is_understood():
    c = Chat()
    c.send("mens_spreken", "ik wil een medewerker spreken, ik woon in Someren")
    c.send("bevestigen", "ja")
    c.send("nlu_fallback", "mail graag")
    c.send("bevestigen", "ja")
    c.send("nlu_fallback", "dat is jan.jansen@voorbeeld.nl")
    assert c.record["contact"] == {"preference": "email", "value": "jan.jansen@voorbeeld.nl"}
    assert c.record["municipality"] == "Someren"


def test_no_to_the_summary_lets_the_resident_correct_a_line():
    c = Chat()
    c.send("vraag_vervoer", "ik heb vervoer nodig naar het ziekenhuis, ik woon in Deurne")
    c.send("mens_spreken", "ik wil iemand spreken")
    c.send("ontkennen", "nee")
    assert c.state["stage"] == "correct" and "Gemeente" in c.titles and "Niet doorgeven" in c.titles
    c.tap("Gemeente")
    assert c.state["stage"] == "correct_value"
    c.send("nlu_fallback", "Asten")
    assert "Gemeente: Asten" in c.text and c.state["stage"] == "consent"
    c.send("bevestigen", "ja")
    c.tap("Hier in de chat")
    assert c.record["municipality"] == "Asten"
    assert c.record["corrections"] == ["Gemeente: Deurne → Asten"]


def test_a_correction_typed_in_a_sentence_goes_into_the_record():
    c = Chat()
    c.send("vraag_dementie", "mijn moeder vergeet steeds meer, ze woont in Bakel")
    c.send("mens_spreken", "ik wil iemand spreken")
    c.send("nlu_fallback", "nee het is voor mijn vader")
    assert "Voor: uw vader" in c.text
    c.send("bevestigen", "ja")
    c.tap("Hier in de chat")
    assert c.record["relation"] == "vader" and c.record["corrections"] == ["Voor: moeder → vader"]


def test_not_passing_it_on_sends_nothing_and_keeps_the_door_open():
    c = Chat()
    c.send("vraag_vervoer", "ik heb vervoer nodig in Deurne")
    c.send("mens_spreken", "medewerker graag")
    c.tap("Niet doorgeven")
    assert c.fakes.sent == [] and "stuur niets door" in c.text and c.state["stage"] == "anything_else"


def test_the_age_a_resident_gives_goes_into_the_summary_and_the_handover():
    c = Chat()
    c.send("vraag_boodschappen", "mijn moeder van 87 kan niet naar de winkel, ze woont in Deurne")
    c.send("mens_spreken")
    assert "Leeftijd: 87 jaar" in c.text and "Voor: uw moeder" in c.text
    c.send("bevestigen")
    c.tap("Hier in de chat")
    assert c.record["household"] == "Leeftijd: 87 jaar" and c.record["for_whom"] == "ander"


def test_an_anonymous_resident_keeps_no_age():
    c = Chat()
    c.send("anoniem")
    c.send("vraag_eenzaamheid", "ik ben 83 en zie niemand", leeftijd="83")
    assert c.state["age"] is None


def test_a_dialogue_can_be_built_from_services_only():
    assert Dialogue(Fakes().services()).summary_text({"question": "x"}).startswith("• Uw vraag: x")


# -- step 4: worried about someone else -----------------------------------------------------------

def test_a_neighbour_worried_about_someone_gets_what_they_can_do_services_and_a_zorgmelding():
    c = Chat()
    c.send("vraag_eenzaamheid", "Mijn buurman komt al weken de deur niet uit en de gordijnen blijven dicht. "
                                "Hij woont in Gemert.")
    assert c.state["concern"] is True and c.state["for_whom"] == "ander" and c.state["relation"] == "buurman"
    assert c.state["municipality"] == "Gemert-Bakel" and c.state["stage"] == "step"
    assert "omkijkt" in c.text and "Dit kunt u zelf doen" in c.text and c.turn.services == ["z1"]
    c.send("ontkennen", "nee")
    c.send("ontkennen", "nee")
    c.send("ontkennen", "nee")
    assert c.state["stage"] == "concern_offer" and "wijkteam van Gemert-Bakel" in c.text
    c.tap("Ja, geef mijn zorg door")
    assert c.state["stage"] == "consent" and "wijkteam" in c.text and "zorgmelding" in c.text
    c.send("bevestigen", "ja")
    c.send("nlu_fallback", "bel mij maar")
    c.send("bevestigen", "ja")
    c.send("nlu_fallback", "0492 123456")
    c.send("nlu_fallback", "maakt niet uit")
    record = c.record
    assert record["kind"] == "zorgmelding" and record["for_whom"] == "ander" and record["relation"] == "buurman"
    assert record["municipality"] == "Gemert-Bakel" and record["contact"]["value"] == "0492 123456"
    assert "wijkteam" in record["proposed_solutions"] and "Wmo-consulent" not in record["proposed_solutions"]
    assert record["household"] == ""  # nothing about the neighbour beyond what the reporter wrote
    assert "Uw zorg staat klaar voor het wijkteam" in c.text


def test_a_worried_reporter_who_does_not_want_to_pass_it_on_is_not_pushed():
    c = Chat()
    c.send("vraag_eenzaamheid", "Ik maak me zorgen om mijn buurvrouw in Deurne, ze doet niet meer open")
    for _ in range(3):
        c.send("ontkennen", "nee")
    c.tap("Nee, dank u")
    assert c.fakes.sent == [] and c.state["stage"] == "anything_else"


# -- step 6: English ------------------------------------------------------------------------------

def test_a_resident_who_writes_english_is_answered_in_english_throughout():
    c = Chat()
    c.send("vraag_hulpmiddelen", "My wife cannot walk far anymore and she needs a wheelchair. We live in Helmond.")
    assert c.state["language"] == "en" and c.state["for_whom"] == "ander" and c.state["relation"] == "vrouw"
    assert "Does this help you?" in c.text and "113" not in c.text
    c.send("mens_spreken", "I would like to talk to a person")
    assert "Is this right, and may I pass it on?" in c.text and "For: your wife" in c.text
    c.send("bevestigen", "yes")
    assert "How would you like to be contacted?" in c.text
    c.send("nlu_fallback", "please call me")
    assert "Is it safe for us to call you?" in c.text
    c.send("bevestigen", "yes")
    c.send("nlu_fallback", "06 12345678")
    c.send("nlu_fallback", "in the afternoon")
    assert c.record["language"] == "en" and c.record["preferred_time"] == "in the afternoon"
    assert "call you in the afternoon" in c.text


def test_the_page_language_is_used_from_the_first_turn():
    c = Chat(language="en")
    c.send("groeten", "hoi")
    assert c.state["language"] == "en" and "What do you need help with?" in c.text


def test_an_english_crisis_gets_the_helplines_in_english():
    c = Chat()
    turn = c.send("crisis", "I want to end my life")
    assert turn.crisis and "Immediate danger: call 112" in c.text and c.state["language"] == "en"


def test_two_close_topics_are_offered_as_a_choice_and_the_other_is_kept_for_the_summary():
    c = Chat()
    c.turn, c.state = c.dialogue.respond(
        c.state, "vraag_eenzaamheid", {}, "Ik zit veel alleen en wil er graag eens uit, overdag iets te doen hebben. "
        "Ik woon in Deurne.", "conv-1", close_topics=["eenzaamheid", "dagbesteding"])
    assert c.state["stage"] == "topic_choice" and c.payloads == ["/vraag_eenzaamheid", "/vraag_dagbesteding"]
    c.tap("dagbesteding")
    assert c.state["topic"] == "dagbesteding" and c.state["other_topics"] == ["eenzaamheid"]
    assert c.state["stage"] == "step" and c.state["municipality"] == "Deurne"


def test_the_close_topics_come_from_the_classifier_ranking():
    from actions.action_wegwijs import close_topics
    ranking = [{"name": "vraag_eenzaamheid", "confidence": 0.41}, {"name": "groeten", "confidence": 0.2},
               {"name": "vraag_dagbesteding", "confidence": 0.33}]
    message = {"intent": {"name": "vraag_eenzaamheid"}, "intent_ranking": ranking}
    assert close_topics(message) == ["eenzaamheid", "dagbesteding"]
    ranking[2]["confidence"] = 0.1
    assert close_topics(message) == []


def test_asking_for_more_help_after_every_step_asks_for_the_new_question():
    c = Chat()
    c.send("vraag_boodschappen", "ik kan niet meer boodschappen doen, ik woon in Deurne")
    for _ in range(4):
        c.send("ontkennen", "nee")
    c.send("hulp_zoeken", "/hulp_zoeken")
    assert c.state["stage"] == "topic" and c.text.strip() and "/vraag_boodschappen" in c.payloads


def test_a_crisis_only_the_classifier_heard_is_judged_in_its_conversation():
    from actions.action_wegwijs import crisis_tier, page_language
    heard = {"text": "ik weet het allemaal niet meer", "intent": {"name": "crisis", "confidence": 0.8}}
    assert crisis_tier(heard, None) == "veiled"          # out of the blue: the helplines
    assert crisis_tier(heard, "listening") == "unsure"   # while being listened to: listen on
    assert crisis_tier(heard, "place") == "unsure"       # "gemert zei ik toch" answers a question
    assert crisis_tier({**heard, "intent": {"name": "crisis", "confidence": 0.4}}, None) == "unsure"
    verdict = {"level": "veiled", "kind": None, "source": "classifier", "confidence": 0.7}
    assert crisis_tier({**heard, "crisis": verdict}, None) == "veiled"  # the NLU's own verdict
    assert crisis_tier({**heard, "crisis": verdict}, "listening") == "unsure"
    lexicon = {"level": "veiled", "kind": "suicide", "source": "lexicon", "confidence": 1.0}
    assert crisis_tier({**heard, "crisis": lexicon}, "listening") == "veiled"
    assert crisis_tier({**heard, "crisis": {"level": None, "source": None}}, None) is None
    assert crisis_tier({"text": "ik wil dood", "intent": {"name": "crisis", "confidence": 0.3}}, "place") is None
    assert page_language({"metadata": {"language": "en"}}) == "en" and page_language({"metadata": None}) is None


def test_an_unclear_for_whom_is_one_short_question_naming_the_relative():
    c = Chat()
    c.send("vraag_huishoudelijke_hulp", "Mijn man is ziek en ik kan het huishouden niet meer aan. Ik woon in Deurne.")
    assert c.text.endswith("Is de hulp voor uzelf of voor uw man?") and "Voor mijn man" in c.titles
    c.send("nlu_fallback", "voor hem")
    assert c.state["for_whom"] == "ander" and c.state["relation"] == "man" and c.state["stage"] == "step"


def test_an_english_listener_is_listened_to_in_english():
    c = Chat(language="en")
    c.send("luisteren", "/luisteren")
    c.send("nlu_fallback", "My wife passed away in the spring and the house is so quiet")
    assert c.state["language"] == "en" and ("miss" in c.text or "loss" in c.text) and "?" not in c.text


def test_no_number_after_all_goes_on_in_the_chat():
    c = Chat()
    c.send("mens_spreken", "ik wil een medewerker spreken, ik woon in Someren")
    c.send("bevestigen", "ja")
    c.send("nlu_fallback", "bellen")
    c.send("bevestigen", "ja")
    c.send("nlu_fallback", "ach nee, liever niet")
    assert c.record["contact"] == {"preference": "chat", "value": ""} and c.state["mode"] == "wacht-op-mens"


def test_without_a_topic_the_classifiers_next_best_is_offered_not_assumed():
    c = Chat()
    c.send("voor_ander", "Mijn buurman komt al weken de deur niet uit en hij doet niet open. Hij woont in Bakel.",
           runner_up="vraag_eenzaamheid")
    assert c.state["topic"] is None and c.state["stage"] == "topic" and c.state["concern"] is True
    assert "zorg vooral over eenzaamheid" in c.text and c.payloads[0] == "/vraag_eenzaamheid"
    c.send("bevestigen", "ja")
    assert c.state["topic"] == "eenzaamheid" and c.state["stage"] == "step"


def test_an_unclear_answer_to_the_safety_question_is_asked_in_other_words_and_stores_nothing():
    c = Chat()
    c.send("mens_spreken", "ik wil een medewerker spreken, ik woon in Someren")
    c.send("bevestigen", "ja")
    c.send("nlu_fallback", "mail mij maar")
    c.send("nlu_fallback", "hmm tja")
    assert c.state["stage"] == "safe_to_contact" and "ja of nee" in c.text and c.state["contact"] is None
    c.send("nlu_fallback", "geen probleem")
    assert c.state["stage"] == "contact_value" and "e-mailadres" in c.text


def test_becoming_anonymous_after_a_crisis_cleans_the_crisis_words_too():
    c = Chat()
    c.send("nlu_fallback", "Ik ben Jan de Vries, 06 12345678, en ik zie het niet meer zitten")
    c.send("anoniem", "ik wil anoniem blijven")
    assert "12345678" not in str(c.state["crisis_words"]) and c.state["anonymous"]


def test_an_unclear_answer_to_the_crisis_offer_is_asked_once_more_then_the_conversation_goes_on():
    c = Chat()
    c.send("nlu_fallback", "ik zie het niet meer zitten")
    c.send("nlu_fallback", "ik weet het niet zo goed")
    assert "Wilt u dat nu?" in c.text and c.state["stage"] == "crisis_offer"
    c.send("nlu_fallback", "het is gewoon allemaal zo zwaar geworden")
    assert "nummers blijven" in c.text and c.state["stage"] != "crisis_offer"
    assert c.turn.crisis is False


def test_a_place_outside_the_region_is_an_answer_even_when_it_sounds_like_a_housing_question():
    c = Chat(Fakes())
    c.send("vraag_boodschappen", "ik zoek hulp bij de boodschappen voor mezelf")
    assert "gemeente" in c.text.lower()
    c.send("vraag_huisvesting", "ik woon in Zwolle")  # the classifier hears "wonen"
    assert "ken ik niet" in c.text and c.state["stage"] == "place"


def test_help_clearly_for_a_relative_is_taken_without_the_for_whom_question():
    c = Chat()
    c.send("vraag_maaltijden", "Mijn schoonmoeder kookt niet meer sinds haar val. Ik zoek warme maaltijden voor haar.")
    assert c.state["for_whom"] == "ander" and c.state["relation"] == "schoonmoeder"
    assert "uzelf" not in c.text and "for_whom" not in c.state.get("asked", [])
