"""A field withheld on a record's page is withheld on every review page (issue 14).

Generated: every correctable column that policies/masks.py masks (review_fields.FIELDS against
MASKS), every GET page of the review workflow in the route table (web.admin.pages.PAGES), every
default role that opens one. A locked record holds a secret in the column, a chief files a
request naming it and the planning head approves it; a review page may show each role the
secret only where the record's own page shows it to that role. A planted break (the review pages reading rows
without the masks) must be reported.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db.clock import FixedClock
from policies.enforcer import default_policy, default_rules
from policies.masks import MASKS
from policies.principal import Principal
from resolvers.record_masks import TYPE_OF
from resolvers.review_input import graphql_name
from tests import factories as f
from tests.admin_support import signed_in
from tests.conftest import T0
from tests.review_helpers import APPROVE, FILE, LOCKED, gid, member
from web.admin import load_views
from web.admin.pages import PAGES
from web.admin.views.reviews import review_fields
from web.admin.views.reviews.review_fields import FIELDS, MODELS

load_views()
EN = {"Accept-Language": "en"}
MASKED = [
    (table, column)
    for table, model in MODELS.items()
    for column in FIELDS[table]
    if column in MASKS.get(TYPE_OF[model], {})
]
REVIEW_PAGES = [p for p in PAGES if p.path.startswith("/reviews") and "GET" in p.methods]
RECORD_PAGES = {"offence": "/admin/offences/{}", "person": "/admin/persons/{}"}
ROLES = sorted(
    {
        name
        for rule in default_rules()
        for name in rule[1 : 3 if rule[0] == "g" else 2]
        if ":" not in name
    }
)


def _opens_a_review_page(role: str) -> bool:
    probe = Principal(
        username="probe", user_id=1, roles=(role,), session_id=1, policy=default_policy()
    )
    return any(p.opens_for(probe) for p in REVIEW_PAGES)


VIEWERS = [role for role in ROLES if _opens_a_review_page(role)]


async def _locked(session: AsyncSession, table: str, column: str, secret: str) -> Any:
    """A record of Phnom Penh, past its correction window, with ``secret`` in ``column``."""
    if table == "offence":
        author = await f.user(session, unit_row=await f.unit(session, province="12"))
        return await f.offence(
            session, recorder=author, recorded_at=T0 - LOCKED, **{column: secret}
        )
    if table == "person":
        return await f.person(session, created_at=T0 - LOCKED, **{column: secret})
    raise AssertionError(f"{table}.{column} is masked: teach _locked to make a locked {table}")


@dataclass(frozen=True)
class Filed:
    table: str
    column: str
    secret: str
    record_id: int
    request_id: str  # the review request's database id


async def _world(session: AsyncSession, graphql: Any) -> list[Filed]:
    chief = await member(session, "provincial_chief")
    head = await member(session, "planning_head")
    filed = []
    for table, column in MASKED:
        secret = f"SECRET-{table}-{column}"
        row = await _locked(session, table, column, secret)
        await session.commit()
        kind = TYPE_OF[MODELS[table]]
        answer = await graphql(
            FILE,
            {
                "input": {
                    "recordId": gid(kind, row.id),
                    "fields": [column],
                    "proposed": [{"field": graphql_name(column), "value": "the proposed text"}],
                    "reason": "The statement on file says otherwise.",
                }
            },
            principal=chief,
        )
        request = answer.data["fileReviewRequest"]["request"]
        approved = await graphql(APPROVE, {"id": request["id"], "comment": "ok"}, principal=head)
        assert approved.data["approveReviewRequest"]["request"]["status"] == "APPROVED"
        number = GlobalID.from_id(request["id"]).node_id
        filed.append(Filed(table, column, secret, row.id, number))
    return filed


def _url(path: str, item: Filed) -> str:
    if "{" in path:
        return "/admin" + re.sub(r"\{[^}]+\}", item.request_id, path)
    return f"/admin{path}?kind={TYPE_OF[MODELS[item.table]].lower()}&id={item.record_id}"


async def disagreements(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, filed: list[Filed]
) -> tuple[dict[str, int], list[str]]:
    """(review pages rendered: where the record page withholds the value, where it shows it and
    so does the review page), and each review page that shows what the record page withholds."""
    counts, found = {"withheld": 0, "shown": 0}, []
    for role in VIEWERS:
        await signed_in(client, session, clock, role, rank="Colonel")
        for item in filed:
            record = await client.get(RECORD_PAGES[item.table].format(item.record_id), headers=EN)
            shown = record.status_code == 200 and item.secret in record.text
            for entry in REVIEW_PAGES:
                page = await client.get(_url(entry.path, item), headers=EN)
                if page.status_code != 200:
                    continue
                leaks = item.secret in page.text
                kind = "withheld" if not shown else "shown" if leaks else "not on this page"
                counts[kind] = counts.get(kind, 0) + 1
                if leaks and not shown:
                    found.append(
                        f"{role}: {entry.path} shows {item.table}.{item.column}, "
                        "which the record page withholds"
                    )
    return counts, found


@pytest.fixture
async def filed(session: AsyncSession, graphql: Any) -> list[Filed]:
    return await _world(session, graphql)


async def test_every_review_page_withholds_what_the_record_page_withholds(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, filed: list[Filed]
) -> None:
    assert ("offence", "description") in MASKED and len(REVIEW_PAGES) >= 3
    counts, found = await disagreements(admin_client, session, clock, filed)
    assert not found, "\n".join(found)
    # Both sides are exercised: the planning head has no narrative grant; the chief has one.
    assert counts["withheld"] > 0 and counts["shown"] > 0, counts


async def test_the_generated_check_catches_review_pages_that_skip_the_masks(
    admin_client: httpx.AsyncClient,
    session: AsyncSession,
    clock: FixedClock,
    filed: list[Filed],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def unmasked(cls: type[Any], ctx: Any, row: Any) -> Any:
        return cls(row, {})

    planted: Callable[..., Awaitable[Any]] = classmethod(unmasked)  # type: ignore[assignment]
    monkeypatch.setattr(review_fields.RecordFields, "of", planted)
    _, found = await disagreements(admin_client, session, clock, filed)
    assert any("planning_head" in v and "offence.description" in v for v in found), found
