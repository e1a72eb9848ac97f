"""Whole conversations: ~20 simulated residents (tests/bot/residents.yml) driven through the Dialogue
turn by turn, scored on topic, facts stored, questions asked twice (must be none), questions per
turn, ladder steps offered, safety checks only for a crisis, and the handover record."""

from __future__ import annotations

import pytest
from bot_chat_fakes import Chat, Fakes
from resident_sim import Resident, Score, judge, load_residents

RESIDENTS = load_residents()
MAX_TURNS = 25


def converse(spec: dict) -> Score:
    chat = Chat(Fakes(), language=spec.get("page"))
    resident = Resident(spec)
    score = Score(spec["name"])
    reply = resident.first()
    for _ in range(MAX_TURNS):
        turn = chat.send(reply.intent, reply.text, None, reply.tier, **reply.entities)
        score.add_turn(turn.messages, turn.crisis)
        buttons = [b for m in turn.messages for b in m.get("buttons", [])]
        reply = resident.answer(chat.state["stage"], buttons, chat.state)
        if reply is None:
            break
    else:
        score.problems.append(f"no end after {MAX_TURNS} turns")
    score.final_state = chat.state
    score.record = chat.fakes.sent[-1] if chat.fakes.sent else None
    return judge(spec, score)


def test_there_are_about_twenty_residents_covering_the_paths():
    assert len(RESIDENTS) >= 20
    expects = [r["expect"] for r in RESIDENTS]
    assert sum(bool(e.get("crisis")) for e in expects) >= 2
    assert any(e.get("kind") == "zorgmelding" for e in expects)
    assert sum(e.get("language") == "en" for e in expects) >= 3
    assert any(e.get("corrections") for e in expects) and any(e.get("anonymous") for e in expects)


@pytest.mark.parametrize("spec", RESIDENTS, ids=[r["name"] for r in RESIDENTS])
def test_resident_conversation(spec):
    score = converse(spec)
    assert not score.problems, score.problems


def test_figures_over_all_residents(capsys):
    scores = [converse(spec) for spec in RESIDENTS]
    faultless = sum(not s.problems for s in scores)
    repeated = sum(len(s.repeated) for s in scores)
    false_checks = sum(s.crisis_turns for s, r in zip(scores, RESIDENTS, strict=True) if not r["expect"].get("crisis"))
    with capsys.disabled():
        print(f"\nresidents {len(scores)}: faultless {faultless}, questions asked twice {repeated}, "
              f"false safety checks {false_checks}, turns {sum(s.turns for s in scores)}")
    assert repeated == 0 and false_checks == 0 and faultless == len(scores)
