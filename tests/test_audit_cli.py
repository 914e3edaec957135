"""`ecrime audit …` from the command line, and the retention setting it obeys."""

from __future__ import annotations

import pytest

from web.cli import main
from web.settings import ConfigurationError, from_environment


def test_retention_defaults_to_400_days_and_refuses_less_than_a_year() -> None:
    assert from_environment({}).audit_retention_days == 400
    assert from_environment({"ECRIME_AUDIT_RETENTION_DAYS": "365"}).audit_retention_days == 365
    with pytest.raises(ConfigurationError, match="at least 365"):
        from_environment({"ECRIME_AUDIT_RETENTION_DAYS": "364"})


def test_ecrime_audit_verify_and_prune_run_against_the_configured_database(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out == "audit chain intact: 0 entries\n"
    assert main(["audit", "prune"]) == 0
    assert capsys.readouterr().out.startswith("audit prune: deleted 0 entries recorded before ")
    monkeypatch.setenv("ECRIME_AUDIT_RETENTION_DAYS", "30")
    assert main(["audit", "prune"]) == 2
