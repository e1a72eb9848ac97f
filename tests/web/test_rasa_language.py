"""The hub tells Rasa the page's language (REST metadata), so an English page is answered in English."""

import requests

from web import rasa_client


class Answer:
    status_code = 200

    def json(self):
        return [{"custom": {"state": {"topic": None, "crisis": False, "mode": "bot", "ladder_step": None,
                                      "services": [], "handover_id": None, "language": "en"}}}]


def test_the_page_language_goes_to_rasa_as_metadata(app, monkeypatch):
    sent = []
    monkeypatch.setattr(requests, "post", lambda url, **kwargs: sent.append(kwargs["json"]) or Answer())
    with app.test_request_context("/chat?lang=en"):
        from flask import session
        session["lang"] = "en"
        rasa_client.send("c-1", "hello")
    with app.test_request_context("/chat"):
        rasa_client.send("c-2", "hallo")
    assert sent[0] == {"sender": "c-1", "message": "hello", "metadata": {"language": "en"}}
    assert sent[1] == {"sender": "c-2", "message": "hallo"}  # no choice made: the bot goes by the words
