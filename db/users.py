"""Queries for administering users: the filtered list, units and provinces to choose from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import paging
from db import tables as t


@dataclass(frozen=True)
class UserFilter:
    unit_code: str | None = None
    province_code: str | None = None
    position: str | None = None
    active: bool | None = None
    text: str | None = None  # part of a username or name


def _where(f: UserFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.unit_code:
        unit = select(t.Unit.id).where(col(t.Unit.code) == f.unit_code)
        where.append(col(t.User.unit_id).in_(unit))
    if f.province_code:
        where.append(col(t.User.province_code) == f.province_code)
    if f.position:
        where.append(col(t.User.position) == f.position)
    if f.active is not None:
        where.append(col(t.User.active) == f.active)
    if f.text:
        like = f"%{f.text.lower()}%"
        where.append(
            col(t.User.username).ilike(like)
            | col(t.User.family_name).ilike(like)
            | col(t.User.given_name).ilike(like)
        )
    return where


async def users_page(
    *, session: AsyncSession, where: UserFilter, scope: ColumnElement[bool], page: paging.Page
) -> list[t.User]:
    stmt = select(t.User).where(scope, *_where(where)).order_by(col(t.User.username))
    return await paging.fetch_page(session=session, stmt=stmt, page=page)


async def users_count(
    *, session: AsyncSession, where: UserFilter, scope: ColumnElement[bool]
) -> int:
    stmt = select(t.User).where(scope, *_where(where))
    return await paging.count_rows(session=session, stmt=stmt)


async def active_users(*, session: AsyncSession) -> Sequence[t.User]:
    stmt = select(t.User).where(col(t.User.active)).order_by(col(t.User.username))
    return (await session.execute(stmt)).scalars().all()


async def units(*, session: AsyncSession) -> Sequence[t.Unit]:
    return (await session.execute(select(t.Unit).order_by(col(t.Unit.code)))).scalars().all()


async def provinces(*, session: AsyncSession) -> Sequence[t.Province]:
    stmt = select(t.Province).order_by(col(t.Province.code))
    return (await session.execute(stmt)).scalars().all()


async def province(*, session: AsyncSession, code: str) -> t.Province | None:
    return await session.get(t.Province, code)


async def ministry_exists(*, session: AsyncSession, code: str) -> bool:
    return await session.get(t.Ministry, code) is not None


async def by_ids(
    *, session: AsyncSession, ids: Sequence[int], scope: ColumnElement[bool]
) -> Sequence[t.User]:
    stmt = select(t.User).where(scope, col(t.User.id).in_(list(ids)))
    return (await session.execute(stmt)).scalars().all()


async def by_username(
    *, session: AsyncSession, username: str, scope: ColumnElement[bool]
) -> t.User | None:
    stmt = select(t.User).where(scope, col(t.User.username) == username)
    return (await session.execute(stmt)).scalars().first()
