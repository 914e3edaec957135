"""The purpose-of-search rule: looking for persons beyond your own province needs a reason.

A reason is the number of a case you may see, or at least ten characters of text; it is kept
with the search in the audit trail (CJIS: searches of criminal history need a stated purpose).
"""

from __future__ import annotations

from sqlmodel import col, select

from db import paging
from db import tables as t
from db.errors import InvalidArgument
from db.filters import PersonFilter
from policies.scope import scope
from resolvers.context import Context

MIN_PURPOSE = 10


def beyond_own_province(ctx: Context, wanted: PersonFilter) -> bool:
    own = ctx.principal.province_code
    return own is None or wanted.province_codes != (own,)


async def check_purpose(ctx: Context, wanted: PersonFilter) -> None:
    if not beyond_own_province(ctx, wanted):
        return
    purpose = (wanted.purpose or "").strip()
    if len(purpose) >= MIN_PURPOSE:
        return
    if purpose:
        visible_case = select(t.Case).where(
            col(t.Case.number) == purpose, scope(ctx.principal, "read", t.Case)
        )
        if await ctx.run(paging.fetch_page, stmt=visible_case, page=paging.Page(limit=1)):
            return
    raise InvalidArgument(
        "filter.purpose: searching persons beyond your own province needs a reason: "
        f"a case number or at least {MIN_PURPOSE} characters"
    )
