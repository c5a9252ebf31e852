"""``qa-engine users``: users and keys from the command line, the same services as the API."""

from __future__ import annotations

from pathlib import Path

from test_api_support import prepare_home
from typer.testing import CliRunner

from qa_engine.cli.users import users_app


def test_users_cli_add_key_rotate_revoke(qa_home: Path) -> None:
    from qa_engine import db, users

    prepare_home()
    runner = CliRunner()
    added = runner.invoke(users_app, ["add", "dana.ops", "--org", "clinic-1", "--role", "platform"])
    assert added.exit_code == 0, added.output
    assert runner.invoke(users_app, ["add", "x", "--org", "clinic-1", "--role", "wizard"]).exit_code == 2
    issued = runner.invoke(users_app, ["key", "dana.ops", "--name", "ci"])
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip().splitlines()[-1]
    with db.session_scope() as session:
        found = users.resolve_api_key(session, token)
        assert found is not None and found[1].role == "platform"
        key_id = found[0].id
    rotated = runner.invoke(users_app, ["rotate-key", key_id])
    assert rotated.exit_code == 0, rotated.output
    new_token = rotated.stdout.strip().splitlines()[-1]
    with db.session_scope() as session:
        assert users.resolve_api_key(session, token) is None
        new = users.resolve_api_key(session, new_token)
        assert new is not None
    assert runner.invoke(users_app, ["revoke-key", new[0].id]).exit_code == 0
    with db.session_scope() as session:
        assert users.resolve_api_key(session, new_token) is None
    assert runner.invoke(users_app, ["role", "dana.ops", "qa_analyst"]).exit_code == 0
    listed = runner.invoke(users_app, ["list", "--org", "clinic-1"])
    assert "qa_analyst" in listed.stdout and token not in runner.invoke(users_app, ["keys"]).stdout
