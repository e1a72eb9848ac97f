"""Shared fixtures: the fictional demo social map in a temporary database."""

from __future__ import annotations

import copy
import json

import pytest

from socialmap import SocialMap
from socialmap.resources import demo_data_path


@pytest.fixture(scope="session")
def demo_records() -> list[dict]:
    return json.loads(demo_data_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_map(tmp_path_factory, demo_records) -> SocialMap:
    """Read-only: the demo social map, imported once per test session."""
    social_map = SocialMap(tmp_path_factory.mktemp("demo") / "socialmap.sqlite")
    report = social_map.import_hsds(demo_records)
    assert report.ok, report.errors[:3]
    return social_map


@pytest.fixture
def empty_map(tmp_path) -> SocialMap:
    return SocialMap(tmp_path / "socialmap.sqlite")


@pytest.fixture
def service_record(demo_records) -> dict:
    """A fresh copy of one local demo service to modify in a test."""
    return copy.deepcopy(next(r for r in demo_records if r["name"] == "Mantelzorgcafé Asten"))


def by_name(social_map: SocialMap, name: str) -> str:
    """The id of the (first) service with this exact name."""
    return next(s.id for s in social_map.list_services() if s.name == name)
