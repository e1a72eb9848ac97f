import pytest

from web import create_app


@pytest.fixture
def app(demo_map):
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path})
    app.extensions["socialmap"] = demo_map
    return app


@pytest.fixture
def client(app):
    return app.test_client()
