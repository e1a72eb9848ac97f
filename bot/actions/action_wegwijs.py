"""`action_wegwijs`: runs one turn of the dialogue and emits the `custom.state` payload.

Every rule of the bot ends in this action, so every bot turn carries exactly one
`{"custom": {"state": ...}}` message (design §6).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import hub_client, socialmap_client
from .dialogue import Dialogue, Services

STATE_SLOT = "gesprek"


def default_services() -> Services:
    return Services(
        search=socialmap_client.search,
        resolve_place=socialmap_client.resolve_place,
        send_handover=hub_client.send_handover,
        municipalities=socialmap_client.municipalities,
        topic_label=socialmap_client.topic_label,
    )


def state_payload(state: dict, services: list[str], crisis: bool) -> dict:
    """design §6: the one `custom.state` message of every turn."""
    return {
        "topic": state.get("topic"),
        "crisis": crisis,
        "mode": state.get("mode", "bot"),
        "ladder_step": state.get("ladder_step"),
        "services": services,
        "handover_id": state.get("handover_id"),
        "language": state.get("language", "nl"),
        # beyond design §6: where the resident looks for help, so cards can show a distance
        # (only the municipality in anonymous mode: a postcode narrows a person down)
        "place": state.get("municipality") if state.get("anonymous") else (
            state.get("postcode") or state.get("municipality")),
    }


def entities_of(message: dict) -> dict[str, str]:
    """One value per entity, the first mentioned; where extractors read the same words differently
    ("5751" / "5751 AB") the longer reading wins."""
    found: dict[str, dict] = {}
    for entity in message.get("entities") or []:
        name, value = entity.get("entity"), entity.get("value")
        if not name or value is None:
            continue
        first = found.get(name)
        overlaps = first is not None and entity.get("start", 0) < first.get("end", 0) \
            and first.get("start", 0) < entity.get("end", 0)
        if first is None or (overlaps and len(str(value)) > len(str(first["value"]))):
            found[name] = entity
    return {name: str(entity["value"]) for name, entity in found.items()}


RUNNER_UP_FLOOR = 0.1  # below this the bot asks for the topic rather than guess


def runner_up(message: dict) -> str | None:
    """The best-ranked topic intent after the chosen one (see Dialogue.respond)."""
    for ranked in (message.get("intent_ranking") or [])[1:]:
        if str(ranked.get("name", "")).startswith("vraag_"):
            return ranked["name"] if ranked.get("confidence", 0) >= RUNNER_UP_FLOOR else None
    return None


CLOSE_FLOOR, CLOSE_GAP = 0.25, 0.15  # two topics this close are offered as a choice


def close_topics(message: dict) -> list[str]:
    """The two best topics when the classifier cannot tell them apart (or the NLU's own list)."""
    given = message.get("topics")
    if isinstance(given, list) and len(given) >= 2 and all(isinstance(t, str) for t in given):
        return given[:2]
    topics = [r for r in (message.get("intent_ranking") or []) if str(r.get("name", "")).startswith("vraag_")]
    if len(topics) >= 2 and (message.get("intent") or {}).get("name") == topics[0].get("name"):
        first, second = (t.get("confidence") or 0 for t in topics[:2])
        if second >= CLOSE_FLOOR and first - second <= CLOSE_GAP:
            return [str(t["name"])[len("vraag_"):].replace("_", "-") for t in topics[:2]]
    return []


CLASSIFIER_SURE = 0.6  # a crisis only the classifier heard, out of context, counts as veiled above this


LISTENING_OR_ANSWERING = {"listening", "topic", "for_whom", "place", "person_place", "step", "consent", "correct",
                          "correct_value", "contact_kind", "safe_to_contact", "contact_value", "preferred_time"}


def crisis_tier(message: dict, stage: str | None = None) -> str | None:
    """The NLU's crisis level (explicit / veiled / unsure), judged in its conversation: a crisis only
    the classifier heard, while the resident is being listened to or answers the bot's question, is
    'unsure'; the lexicon's verdict always stands. Without an NLU verdict (an older model), a
    crisis only the classifier heard is judged in its conversation: while the resident is being
    listened to or answers the bot's question it is 'unsure' (the ordinary question, no safety
    check); otherwise 'veiled' when the classifier is sure. The lexicon is asked by the dialogue."""
    found = message.get("crisis")
    if isinstance(found, dict) and "level" in found:  # the NLU's verdict (bot/components/crisis_detector.py)
        level = found.get("level")
        if level == "veiled" and found.get("source") == "classifier" and stage in LISTENING_OR_ANSWERING:
            return "unsure"
        return level if level in ("explicit", "veiled", "unsure") else None
    intent = message.get("intent") or {}
    if intent.get("name") != "crisis":
        return None
    from crisis import detect
    if detect(message.get("text") or "") is not None:
        return None  # the lexicon heard it: the dialogue takes its tier
    if stage in LISTENING_OR_ANSWERING or (intent.get("confidence") or 0) < CLASSIFIER_SURE:
        return "unsure"
    return "veiled"


def page_language(message: dict) -> str | None:
    """The widget page's language, sent by the hub as REST metadata {"language": "en"}."""
    metadata = message.get("metadata") or {}
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return language if language in ("nl", "en") else None


class ActionWegwijs(Action):
    services: Services | None = None  # tests may set fakes

    def name(self) -> str:
        return "action_wegwijs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name") or "nlu_fallback"
        dialogue = Dialogue(self.services or default_services())
        slot = tracker.get_slot(STATE_SLOT) or {}
        turn, state = dialogue.respond(slot, intent, entities_of(message),
                                       message.get("text") or "", tracker.sender_id, runner_up(message),
                                       crisis_tier(message, slot.get("stage")), page_language(message),
                                       close_topics(message))
        for item in turn.messages:
            dispatcher.utter_message(text=item["text"], buttons=item.get("buttons", []))
        dispatcher.utter_message(json_message={"state": state_payload(state, turn.services, turn.crisis)})
        return [SlotSet(STATE_SLOT, state)]
