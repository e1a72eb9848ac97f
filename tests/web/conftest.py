import re

import pytest
from ownership import own_conversation

from tests.web.intake import INTAKE_TOKEN
from web import auth, create_app

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(demo_map, tmp_path):
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "app.sqlite"),
                      "SECRET_KEY": "test", "INTERNAL_TOKEN": INTAKE_TOKEN})
    app.extensions["socialmap"] = demo_map
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def demo_password_hash():
    """scrypt is slow on purpose; hash the demo password once for the whole test run."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(auth.DEMO_PASSWORD, method="scrypt")


@pytest.fixture
def staff(app, demo_password_hash, monkeypatch):
    """The README's demo accounts in this app's database."""
    monkeypatch.setattr(auth, "generate_password_hash", lambda *_a, **_k: demo_password_hash)
    with app.app_context():
        for username, name, role, areas in auth.DEMO_USERS:
            auth.create_user(username, name, role, areas, auth.DEMO_PASSWORD)
    return app


def csrf_token(client, path="/login") -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


@pytest.fixture
def csrf():
    """The CSRF token a page gives this client (what the browser would post back)."""
    return csrf_token


@pytest.fixture
def login(staff):
    """Sign a test client in through the real login form (CSRF token included)."""
    def sign_in(client, username, password=auth.DEMO_PASSWORD):
        response = client.post("/login", data={"gebruikersnaam": username, "wachtwoord": password,
                                               "csrf_token": csrf_token(client)})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return sign_in


@pytest.fixture
def owned(app):
    """owned(conversation_id) -> a test client that owns that conversation."""
    return lambda conversation_id, client=None: own_conversation(app, client or app.test_client(), conversation_id)


@pytest.fixture
def make_owner():
    """own_conversation for apps a test builds itself: make_owner(app, client, conversation_id)."""
    return own_conversation
