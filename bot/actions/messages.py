"""What one turn is made of: the resident's message as the dialogue reads it, and the bot's answer."""

from __future__ import annotations

from dataclasses import dataclass, field

TOPIC_PREFIX = "vraag_"
OVERRIDES = ("mens_spreken", "maatwerk_aanvragen", "spoed")  # honoured at (almost) any point


@dataclass
class Turn:
    """What the bot says this turn, and the services it showed."""

    messages: list[dict] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    crisis: bool = False

    def say(self, text: str, buttons: list[tuple[str, str]] | None = None) -> None:
        message: dict = {"text": text}
        if buttons:
            message["buttons"] = [{"title": title, "payload": payload} for title, payload in buttons]
        self.messages.append(message)


@dataclass
class Message:
    """One resident message as the dialogue reads it."""

    intent: str
    entities: dict[str, str]
    text: str
    close_topics: list[str] = field(default_factory=list)
    runner_up: str | None = None

    @property
    def typed(self) -> str:
        """The words a resident typed ('' for a button payload like /bevestigen)."""
        return "" if self.text.startswith("/") else self.text

    @property
    def topic(self) -> str | None:
        return topic_of(self.intent)


def topic_of(intent: str | None) -> str | None:
    if intent and intent.startswith(TOPIC_PREFIX):
        return intent[len(TOPIC_PREFIX):].replace("_", "-")
    return None
