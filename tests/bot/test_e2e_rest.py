"""End to end over Rasa's REST channel: the trained model, the action server, the demo social map
and a fake hub, the way the web hub talks to the bot."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import requests

from tests.processes import free_port, stop, wait_for

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
MODEL = Path(os.environ.get("WEGWIJS_RASA_MODEL", BOT / "models" / "wegwijs.tar.gz"))
RASA = REPO / ".venv" / "bin" / "rasa"
PYTHON = REPO / ".venv" / "bin" / "python"
RASA_TOKEN, ACTION_TOKEN = "e2e-rasa-" + uuid.uuid4().hex, "e2e-actions-" + uuid.uuid4().hex

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL} (make model trains it)"),
]


class FakeHub(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.headers["X-Wegwijs-Token"] == "test-token"
        FakeHub.received.append(body)
        answer = json.dumps({"id": f"h-{len(FakeHub.received)}", "status": "wacht"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def bot(tmp_path_factory, demo_map):
    tmp = tmp_path_factory.mktemp("bot")
    hub = HTTPServer(("127.0.0.1", 0), FakeHub)
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    action_port, rasa_port = free_port(), free_port()
    tracker_db = tmp / "tracker.sqlite"
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n  token: ${{WEGWIJS_ACTION_TOKEN}}\n'
        f'tracker_store:\n  type: tracker_store.ScrubbingSQLTrackerStore\n  dialect: "sqlite"\n'
        f'  db: "{tracker_db}"\n')
    env = {"OMP_NUM_THREADS": "1", "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1",
           **os.environ, "WEGWIJS_SOCIALMAP_DB": demo_map.path, "RASA_TELEMETRY_ENABLED": "false",
           "WEGWIJS_HUB_URL": f"http://127.0.0.1:{hub.server_port}", "WEGWIJS_INTERNAL_TOKEN": "test-token",
           "WEGWIJS_RASA_TOKEN": RASA_TOKEN, "WEGWIJS_ACTION_TOKEN": ACTION_TOKEN,
           "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    logs = [open(tmp / "actions.log", "wb"), open(tmp / "rasa.log", "wb")]  # noqa: SIM115
    # started as scripts/run_stack.py starts them: 127.0.0.1, a token on every hop
    actions = subprocess.Popen([str(PYTHON), "action_server.py", "--host", "127.0.0.1", "--port", str(action_port)],
                               cwd=BOT, env=env, stdout=logs[0], stderr=subprocess.STDOUT)
    rasa = subprocess.Popen([str(RASA), "run", "--enable-api", "--auth-token", RASA_TOKEN, "-i", "127.0.0.1",
                             "-p", str(rasa_port),
                             "-m", str(MODEL), "--endpoints", str(endpoints), "--credentials", "credentials.yml"],
                            cwd=BOT, env=env, stdout=logs[1], stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{action_port}/health", actions)
        wait_for(f"http://127.0.0.1:{rasa_port}/status?token={RASA_TOKEN}", rasa)
        yield {"url": f"http://127.0.0.1:{rasa_port}", "tracker_db": tracker_db, "hub": FakeHub.received,
               "actions_url": f"http://127.0.0.1:{action_port}"}
    finally:
        stop((rasa, actions))
        hub.shutdown()
        for log in logs:
            log.close()


class Chat:
    def __init__(self, bot):
        self.bot = bot
        self.sender = f"test-{uuid.uuid4().hex[:10]}"
        self.state: dict = {}
        self.texts: list[str] = []
        self.buttons: list[dict] = []

    def say(self, text: str, language: str | None = None) -> dict:
        body = {"sender": self.sender, "message": text}
        if language:
            body["metadata"] = {"language": language}  # the widget page's language, as the hub passes it
        response = requests.post(f"{self.bot['url']}/webhooks/rest/webhook", params={"token": RASA_TOKEN},
                                 json=body, timeout=60)
        response.raise_for_status()
        messages = response.json()
        states = [m["custom"]["state"] for m in messages if "custom" in m and "state" in m["custom"]]
        assert len(states) == 1, f"expected exactly one state payload, got {messages}"
        self.state = states[0]
        self.texts = [m["text"] for m in messages if "text" in m]
        self.buttons = [b for m in messages for b in m.get("buttons", [])]
        return self.state

    @property
    def text(self) -> str:
        return " ".join(self.texts)


TOPIC_MESSAGES = {
    "huishoudelijke-hulp": "wie kan er bij mij poetsen",
    "boodschappen": "ik kan niet meer naar de supermarkt",
    "maaltijden": "ik kan niet meer zelf koken",
    "klussen": "wie kan mijn gras maaien",
    "administratie": "ik kan mijn post niet meer bijhouden",
    "eenzaamheid": "ik zit de hele dag alleen",
    "dagbesteding": "ik zoek dagbesteding voor mijn man",
    "vrijwilligerswerk": "ik wil graag vrijwilliger worden",
    "mantelzorg": "ik zorg voor mijn man en kan niet meer",
    "persoonlijke-verzorging": "douchen lukt niet meer alleen",
    "begeleiding": "ik heb hulp nodig om mijn dag te plannen",
    "psychisch-welzijn": "ik pieker de hele dag en slaap slecht",
    "dementie": "mijn moeder wordt vergeetachtig",
    "woningaanpassing": "ik kom de trap niet meer op",
    "hulpmiddelen": "waar kan ik een rolstoel lenen",
    "vervoer": "hoe kom ik bij het ziekenhuis",
    "huisvesting": "ik zoek een kleinere woning",
    "geldzaken": "ik heb schulden",
    "werk-en-inkomen": "ik ben mijn baan kwijt",
    "opvoeding": "mijn puber luistert niet",
    "huiselijk-geweld": "ik voel me niet veilig thuis",
    "clientondersteuning": "ik weet niet waar ik moet beginnen met hulp vragen",
}


@pytest.mark.parametrize("topic, message", TOPIC_MESSAGES.items())
def test_each_topic_is_recognised_over_rest(bot, topic, message):
    state = Chat(bot).say(message)
    assert state["topic"] == topic
    assert state["crisis"] is False and state["mode"] == "bot"


def test_kanteling_flow_for_someone_else_with_services_and_handover(bot):
    chat = Chat(bot)
    chat.say("mijn moeder van 87 kan niet meer naar de supermarkt")
    assert chat.state["topic"] == "boodschappen"
    assert "gemeente" in chat.text  # for whom is clear from 'moeder': the next question is the place
    state = chat.say("Deurne")
    assert state["ladder_step"] in ("zelf", "omgeving") and state["services"]
    assert "?" in chat.text and any(b["payload"] == "/ontkennen" for b in chat.buttons)
    state = chat.say("/ontkennen")
    assert state["ladder_step"] in ("omgeving", "algemeen", "maatwerk")
    chat.say("/mens_spreken")
    assert "mag ik dit doorgeven" in chat.text and "supermarkt" in chat.text
    chat.say("ja")
    chat.say('/geef_contact{"contact_soort": "chat"}')
    assert chat.state["mode"] == "wacht-op-mens" and chat.state["handover_id"].startswith("h-")
    record = bot["hub"][-1]
    assert record["conversation_id"] == chat.sender
    assert record["for_whom"] == "ander" and record["relation"] == "moeder"
    assert record["municipality"] == "Deurne" and record["services_offered"]
    assert record["household"] == "Leeftijd: 87 jaar"  # the CRF found the age


def test_crisis_answers_helplines_in_the_same_turn(bot):
    chat = Chat(bot)
    state = chat.say("het hoeft voor mij allemaal niet meer")
    assert state["crisis"] is True
    assert "113" in chat.text and "0800-0113" in chat.text and "112" in chat.text and "0800-2000" in chat.text
    assert any(b["payload"] == "/mens_spreken" for b in chat.buttons)


def test_a_crisis_only_the_model_hears_is_asked_about_with_the_helplines(bot):
    chat = Chat(bot)
    text = "ik heb alles geregeld, niemand hoeft zich straks nog zorgen om mij te maken"  # no lexicon phrase
    state = chat.say(text)
    assert state["crisis"] is True
    assert "113" in chat.text and "0800-0113" in chat.text and "112" in chat.text and "0800-2000" in chat.text
    assert {b["payload"] for b in chat.buttons} >= {"/mens_spreken", "/ontkennen"}
    state = chat.say("/ontkennen")  # not now: the bot goes on, the numbers stay
    assert state["crisis"] is False and "nummers blijven" in chat.text


def test_a_postcode_is_understood_and_kept_for_distances(bot):
    chat = Chat(bot)
    chat.say("ik kan niet meer naar de supermarkt")
    chat.say("/voor_mijzelf")
    state = chat.say("mijn postcode is 5751 AB")
    assert state["place"] == "5751 AB" and state["ladder_step"] is not None


def test_near_miss_is_not_a_crisis(bot):
    state = Chat(bot).say("ik ben doodmoe van het poetsen")
    assert state["crisis"] is False


def test_human_request_and_out_of_scope(bot):
    chat = Chat(bot)
    chat.say("ik wil een mens spreken")
    assert "gemeente" in chat.text and chat.state["handover_id"] is None  # asked once, in the same turn
    chat.say("Helmond")
    assert "mag ik dit doorgeven" in chat.text and "Gemeente: Helmond" in chat.text
    chat = Chat(bot)
    chat.say("wanneer wordt het afval opgehaald")
    assert "website van uw gemeente" in chat.text and chat.state["handover_id"] is None


def test_unknown_municipality_is_asked_again(bot):
    chat = Chat(bot)
    chat.say("ik zoek hulp bij de boodschappen voor mezelf")
    chat.say("ik woon in Groningen")
    assert "ken ik niet" in chat.text


def test_anonymous_mode_keeps_no_personal_data_in_the_tracker_store(bot):
    chat = Chat(bot)
    chat.say("Ik heet Jan Jansen, mijn nummer is 06-12345678")
    state = chat.say("ik wil anoniem blijven")
    assert state["mode"] == "anoniem"
    chat.say("mijn e-mail is jan.jansen@example.nl en ik woon op de Kerkstraat 12, bsn 123456782")
    chat.say("ik wil gewoon even mijn verhaal kwijt")
    with sqlite3.connect(bot["tracker_db"]) as conn:
        stored = " ".join(row[0] for row in conn.execute(
            "SELECT data FROM events WHERE sender_id = ?", (chat.sender,)))
    assert stored, "the conversation was stored"
    for secret in ("Jan Jansen", "12345678", "jan.jansen@example.nl", "Kerkstraat 12", "123456782"):
        assert secret not in stored, secret


# -- an attacker on the machine: every hop needs its token ----------------------------------------------

def test_a_crafted_action_call_without_the_token_is_refused(bot):
    """The attack of issue 9: POST /webhook straight to the action server, filing a handover."""
    call = {"next_action": "action_wegwijs", "sender_id": "slachtoffer", "version": "3.6.2",
            "tracker": {"sender_id": "slachtoffer", "slots": {}, "latest_message": {"text": "x"}, "events": []},
            "domain": {}}
    received = len(bot["hub"])
    assert requests.post(f"{bot['actions_url']}/webhook", json=call, timeout=10).status_code == 401
    assert requests.post(f"{bot['actions_url']}/webhook", params={"token": "fout"}, json=call,
                         timeout=10).status_code == 401
    assert len(bot["hub"]) == received  # nothing reached the hub
    assert requests.get(f"{bot['actions_url']}/health", timeout=10).status_code == 200


def test_the_tracker_cannot_be_read_without_the_token(bot):
    chat = Chat(bot)
    chat.say("ik kan niet meer naar de supermarkt")
    url = f"{bot['url']}/conversations/{chat.sender}/tracker"
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, params={"token": RASA_TOKEN}, timeout=10).status_code == 200


def test_nobody_but_the_hub_can_speak_for_a_resident(bot):
    message = {"sender": f"test-{uuid.uuid4().hex[:10]}", "message": "hallo"}
    assert requests.post(f"{bot['url']}/webhooks/rest/webhook", json=message, timeout=10).status_code == 401
    assert requests.post(f"{bot['url']}/webhooks/rest/webhook", params={"token": "fout"}, json=message,
                         timeout=10).status_code == 401


# -- simulated residents (tests/bot/residents.yml) through Rasa: its NLU, the action server, the demo map ------

E2E_RESIDENTS = ("traplift-samen", "buurman-zorgmelding", "english-page-dutch-words")


@pytest.mark.parametrize("name", E2E_RESIDENTS)
def test_a_simulated_resident_end_to_end(bot, name):
    from resident_sim import Resident, Score, judge, load_residents

    spec = next(r for r in load_residents() if r["name"] == name)
    resident, chat, score = Resident(spec), Chat(bot), Score(name)
    received = len(bot["hub"])
    reply, transcript = resident.first(), []
    for _ in range(25):
        state = chat.say(reply.text, spec.get("page"))
        transcript += [f">> {reply.text}", *chat.texts]
        score.add_turn([{"text": t} for t in chat.texts], state["crisis"])
        stage = _stage_of(bot, chat.sender)
        reply = resident.answer(stage, chat.buttons, {"ladder_step": state["ladder_step"]})
        if reply is None:
            break
    score.final_state = _slot(bot, chat.sender)
    score.record = bot["hub"][-1] if len(bot["hub"]) > received else None
    # the demo map decides which steps have services and the NLU the topic: those are the unit suite's
    # to score; here: no question twice, one per turn, no false alarm, the facts and the record
    expect = {k: v for k, v in spec["expect"].items() if k not in ("steps", "topic")}
    problems = judge({**spec, "expect": expect}, score).problems
    assert not problems, (problems, transcript)


def _slot(bot, sender: str) -> dict:
    tracker = requests.get(f"{bot['url']}/conversations/{sender}/tracker", params={"token": RASA_TOKEN},
                           timeout=30).json()
    return tracker["slots"].get("gesprek") or {}


def _stage_of(bot, sender: str) -> str:
    return _slot(bot, sender).get("stage", "start")
