"""`qa-engine phi detect`: the organization allow-list a transcript file carries is applied."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from qa_engine.cli import app

runner = CliRunner()

CALL = {
    "call_id": "oc-1",
    "call_type": "scheduling",
    "segments": [
        {"speaker": "agent", "start": 0.0, "end": 3.0,
         "text": "Thank you for calling Brookfield Family Medicine, how can I help?"},
        {"speaker": "caller", "start": 3.0, "end": 7.0,
         "text": "hi i'm returning a call from teodora vance at your office, she left me a message from 312 555 0147"},
        {"speaker": "caller", "start": 7.0, "end": 9.0, "text": "my name is wendell okafor"},
    ],
}
ORG = {"name": "Brookfield Family Medicine", "staff_names": ["Teodora Vance"], "phone_numbers": ["312-555-0147"]}


def detected(tmp_path: Path, data: dict) -> list[str]:
    path = tmp_path / "call.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["phi", "detect", str(path), "--show-text"])
    assert result.exit_code == 0, result.stderr
    return [span["text"] for span in json.loads(result.stdout)["spans"]]


def test_staff_and_org_phone_from_the_files_org_config_are_not_phi(qa_home: Path, tmp_path: Path) -> None:
    assert detected(tmp_path, {**CALL, "org_config": ORG}) == ["wendell okafor"]


def test_without_an_org_config_the_same_values_are_phi(qa_home: Path, tmp_path: Path) -> None:
    found = detected(tmp_path, CALL)
    assert {"teodora vance", "312 555 0147", "wendell okafor"} <= set(found)


def test_a_malformed_org_config_is_one_line_exit_2(qa_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    path.write_text(json.dumps({**CALL, "org_config": {"staff_names": 5}}))
    result = runner.invoke(app, ["phi", "detect", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "org_config" in result.stderr
