"""Whatever a resident sends, in whatever order, the dialogue answers: never an exception (the action
server would answer Rasa with an error), never a silent turn, never more than one question."""

import random
import re
from pathlib import Path

import yaml
from bot_chat_fakes import Chat, Fakes

INTENTS = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "domain.yml").read_text())["intents"]
TEXTS = ["ja", "nee", "Gemert", "bel me maar", "0493 312245", "ik wil een mens spreken", "nee, dank u wel", "",
         "/bevestigen", "mijn moeder woont in Asten", "I need help", "ik zie het niet meer zitten", "asdf",
         "Gemeente", "Er klopt iets niet", "'s Ochtends", "x@y.nl", "zeg ik liever niet", "voor mijn man"]


def test_random_conversations_always_get_an_answer():
    rng = random.Random(7)
    for n in range(120):
        c = Chat(Fakes(found={} if n % 7 == 0 else None, fail_hub=n % 11 == 0, fail_search=n % 13 == 0))
        for _ in range(12):
            turn = c.send(rng.choice([*INTENTS, "nlu_fallback"]), rng.choice(TEXTS),
                          rng.choice([None, "vraag_eenzaamheid"]), rng.choice([None, None, "unsure", "veiled"]))
            assert turn.messages, c.state["stage"]
            questions = [q for m in turn.messages for line in m["text"].split("\n") if not line.startswith("•")
                         for q in re.findall(r"[^.?!]*\?", line)]
            assert len(questions) <= 1, (c.state["stage"], questions)
