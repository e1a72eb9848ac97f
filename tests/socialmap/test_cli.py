import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo" / "sociale-kaart-peel.json"


def run(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "socialmap", *args], capture_output=True,
                            text=True, cwd=REPO, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_import_search_export_stats_in_a_database_of_its_own(tmp_path):
    db = str(tmp_path / "x.sqlite")
    out = run("import", "--db", db, str(DEMO)).stdout
    assert "292 nieuw" in out
    answer = json.loads(run("search", "boodschappen in Geemert", "--db", db, "--limit", "3", "--json").stdout)
    assert set(answer) == {"total", "items"} and answer["total"] > 0
    assert all("Gemert-Bakel" in i["municipalities"] or i["municipalities"] == ["Nederland"]
               for i in answer["items"])
    free = json.loads(run("search", "--db", db, "--topic", "maaltijden", "--free", "--json").stdout)
    assert all(i["cost"] == "Gratis" for i in free["items"])
    exported = tmp_path / "export.ndjson"
    run("export", "--db", db, "--ndjson", "-o", str(exported))
    assert len(exported.read_text().splitlines()) == 292
    stats = json.loads(run("stats", "--db", db).stdout)
    assert stats["services"] == 292 and stats["stale"] > 0


def test_bad_flag_value_exits_2_with_a_clear_message(tmp_path):
    result = run("search", "x", "--db", str(tmp_path / "y.sqlite"), "--age", "oud", check=False)
    assert result.returncode == 2 and "age" in result.stderr


def test_import_reports_rejected_records_and_exits_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "x", "name": "Zonder status"}]')
    result = run("import", "--db", str(tmp_path / "z.sqlite"), str(bad), check=False)
    assert result.returncode == 1 and "status" in result.stderr
