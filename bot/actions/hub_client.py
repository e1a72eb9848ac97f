"""Hands an approved handover to the web hub (POST /api/v1/intern/handovers)."""

from __future__ import annotations

import requests

from . import config


class HubUnavailable(RuntimeError):
    pass


def send_handover(record: dict) -> str:
    """The id the hub gave the handover; raises HubUnavailable when it cannot be delivered."""
    try:
        response = requests.post(
            f"{config.HUB_URL}/api/v1/intern/handovers", json=record,
            headers={"X-Wegwijs-Token": config.INTERNAL_TOKEN}, timeout=config.HUB_TIMEOUT_S)
    except requests.RequestException as exc:
        raise HubUnavailable(str(exc)) from exc
    if response.status_code != 201:
        raise HubUnavailable(f"hub answered {response.status_code}: {response.text[:200]}")
    return str(response.json()["id"])
