"""The policy CLI runs the same operations as the GraphQL editor, and refuses bad lines by name."""

from __future__ import annotations

import argparse

from db.clock import FixedClock
from db.engine import Database
from tests import factories as f
from web.cli import parser
from web.cli_policy import command


async def _run(db: Database, clock: FixedClock, *argv: str) -> tuple[int, list[str]]:
    said: list[str] = []
    args: argparse.Namespace = parser().parse_args(["policy", *argv])
    code = await command(args, db, clock, said.append)
    return code, said


async def test_add_explain_and_remove_a_line(db: Database, clock: FixedClock) -> None:
    async with db.session() as session:
        unit = await f.unit(session, province="12")
        await f.user(session, unit_row=unit, username="chief.test", position="provincial_chief")
        await session.commit()
    code, said = await _run(db, clock, "explain", "chief.test", "export", "case")
    assert code == 0 and all("denied" in line for line in said)
    code, said = await _run(
        db, clock, "add", "p, provincial_chief, own_province, case, export, -, allow"
    )
    assert code == 0 and said[0].startswith("added ")
    rule_id = said[0].split()[1].rstrip(":")
    code, said = await _run(db, clock, "explain", "chief.test", "export", "case")
    own = next(line for line in said if line.startswith("own_province"))
    assert "allowed by p, provincial_chief, own_province, case, export, -, allow" in own
    assert any(line.startswith("other_province") and "denied" in line for line in said)
    code, said = await _run(db, clock, "remove", rule_id)
    assert code == 0 and said[0].startswith(f"removed {rule_id}")


async def test_a_bad_line_is_refused_naming_the_value(db: Database, clock: FixedClock) -> None:
    code, said = await _run(db, clock, "add", "p, specialist, everywhere, case, read, -, allow")
    assert code == 1
    assert said[0].startswith("policy: domain: 'everywhere' is not one of: ")
    code, said = await _run(db, clock, "add", "p, officer, own_province, case, read, -, allow")
    assert code == 1 and said == ["policy: values: this line is already in the policy"]
