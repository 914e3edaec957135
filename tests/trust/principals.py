"""Who asks: one principal per default role (policies/default_policy.csv), at home and in the
other province where the province matters, at the ranks the sealed-case rule turns on (Major in
the province, Colonel nationally), partner ministries with and without a granted slice, an
employment body, an admin, and anonymous. Each is a real user, so the admin can sign them in."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from policies.enforcer import default_policy, default_rules
from policies.principal import Principal
from resolvers.auth import principal_for
from tests import factories as f
from tests.admin_support import HASHER, PASSWORD
from tests.trust.world import World


@dataclass(frozen=True)
class Caller:
    name: str
    position: str  # a role of the default policy; "" for anonymous
    province: str | None = None
    rank: str = "Captain"
    ministry: str = "MOI"

    @property
    def kind(self) -> str:
        """The kind of caller, for sampling: role and where it stands."""
        return self.position or "anonymous"


CALLERS: tuple[Caller, ...] = (
    Caller("anonymous", ""),
    Caller("officer.pp", "officer", "12"),
    Caller("officer.pp.major", "officer", "12", rank="Major"),
    Caller("officer.sr", "officer", "17"),
    Caller("specialist.pp", "specialist", "12"),
    Caller("specialist.sr", "specialist", "17"),
    Caller("unit_chief.pp", "unit_chief", "12", rank="Major"),
    Caller("provincial_chief.pp", "provincial_chief", "12", rank="Lieutenant Colonel"),
    Caller("provincial_chief.sr", "provincial_chief", "17"),
    Caller("planning_head", "planning_head", rank="Colonel"),
    Caller("technical_working_group", "technical_working_group", rank="Major"),
    Caller("criminal_police", "criminal_police", rank="Colonel"),
    Caller("national_analyst", "national_analyst"),
    Caller("national_analyst.colonel", "national_analyst", rank="Colonel"),
    Caller("ministry_officer.moe", "ministry_officer", ministry="MOE"),
    Caller("ministry_analyst.moj", "ministry_analyst", ministry="MOJ"),
    Caller("ministry_analyst.maff", "ministry_analyst", ministry="MAFF"),
    Caller("employment_checker", "employment_checker", ministry="MLVT"),
    Caller("admin", "admin", rank="Colonel"),
)


def default_roles() -> set[str]:
    """Every role the default policy names (not users or ministries)."""
    return {
        name
        for rule in default_rules()
        for name in rule[1 : 3 if rule[0] == "g" else 2]
        if ":" not in name
    }


@dataclass(frozen=True)
class Signed:
    caller: Caller
    principal: Principal
    user: t.User | None


async def sign_up(session: AsyncSession, world: World) -> dict[str, Signed]:
    """A user for every caller (anonymous excepted) and the principal the web layer would build."""
    password_hash = HASHER.hash(PASSWORD)
    offices: dict[str, t.Unit] = {}
    found: dict[str, Signed] = {}
    for caller in CALLERS:
        if not caller.position:
            anonymous = replace(Principal.anonymous(), policy=default_policy())
            found[caller.name] = Signed(caller, anonymous, None)
            continue
        if caller.province is not None:
            unit = world.units[caller.province]
        else:
            if caller.ministry not in offices:
                offices[caller.ministry] = await f.unit(
                    session, province=None, kind="ministry_office", ministry_code=caller.ministry
                )
            unit = offices[caller.ministry]
        user = await f.user(
            session,
            unit_row=unit,
            username=caller.name,
            position=caller.position,
            rank=caller.rank,
            password_hash=password_hash,
        )
        principal = await principal_for(session, user)
        found[caller.name] = Signed(caller, replace(principal, policy=default_policy()), user)
    await session.commit()
    return found
