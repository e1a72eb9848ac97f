"""Owning a conversation in tests, as the browser the server issued it to does."""

from __future__ import annotations

from web import appdb


def own_conversation(app, client, conversation_id: str):
    """Make `client` the owner of the conversation with this fixed id, as if the server had issued
    it to this browser: the secret goes in the header every chat call carries. The test secret is
    derived from the id, so every client a test makes for that conversation owns it."""
    secret = "test-sleutel-" + conversation_id
    with app.app_context():
        appdb.ensure_conversation(conversation_id)
        appdb.update_conversation(conversation_id, secret_hash=appdb.secret_hash(secret))
    client.environ_base["HTTP_X_WEGWIJS_SLEUTEL"] = secret
    return client


def as_resident(app, conversation_id: str):
    """A fresh browser of the resident of this conversation."""
    return own_conversation(app, app.test_client(), conversation_id)
