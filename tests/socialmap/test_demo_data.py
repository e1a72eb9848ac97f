"""The demo social map is data (data/demo/*.yaml); the shipped JSON must be what they build."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def _build_module():
    spec = importlib.util.spec_from_file_location("build_demo", DEMO / "build_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_json_is_what_the_yaml_builds():
    built = _build_module().build()
    shipped = json.loads((DEMO / "sociale-kaart-peel.json").read_text(encoding="utf-8"))
    assert built == shipped, "run .venv/bin/python data/demo/build_demo.py after editing data/demo/*.yaml"


def test_every_template_names_known_topics_schedules_and_municipalities():
    build = _build_module()
    for template in build.LOCAL + build.NATIONAL:
        assert set(template["topics"]) <= set(build.TOPIC_NAMES), template["key"]
        assert template["ladder"] in build.LADDER_NAMES, template["key"]
        assert template["sched"] in build.SCHEDULES, template["key"]
        assert set(template.get("munis", [])) <= set(build.MUNICIPALITIES), template["key"]
