import pytest

from web import create_app


@pytest.fixture
def app(demo_map, tmp_path):
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "app.sqlite")})
    app.extensions["socialmap"] = demo_map
    return app


@pytest.fixture
def client(app):
    return app.test_client()
