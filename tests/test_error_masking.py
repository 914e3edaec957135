"""Errors reach clients by allow-list: domain errors and errors about the document pass; whatever
else was raised — inside a resolver, or escaping an extension after execution — is masked."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import InterfaceError

from db.engine import Database
from resolvers.context import Context
from schema.errors import MASKED_MESSAGE
from tests.conftest import NATIONAL_READER, SCHEMA

DRIVER_TEXT = "cannot call Transaction.rollback(): the underlying connection is closed"


def _breaking_close(session: Any) -> None:
    """The connection died under the session: closing it raises the driver's error, as seen when
    the database was restarted under load."""

    async def close() -> None:
        raise InterfaceError("ROLLBACK", {}, Exception(DRIVER_TEXT))

    session.close = close


async def _context(db: Database, clock: Any, *, broken_close: bool) -> Context:
    session = db.sessions()
    if broken_close:
        _breaking_close(session)
    return Context(session=session, principal=NATIONAL_READER, clock=clock, owns_session=True)


def _assert_masked(errors: list[Any]) -> None:
    assert errors, "expected an error"
    for error in errors:
        assert error.message == MASKED_MESSAGE
        assert DRIVER_TEXT not in str(error.formatted)
        assert error.extensions == {"code": "INTERNAL"}


async def test_an_error_escaping_an_extension_after_execution_is_masked(db, clock) -> None:
    context = await _context(db, clock, broken_close=True)
    result = await SCHEMA.execute("{ provinces { code } }", context_value=context)
    _assert_masked(result.errors)


async def test_an_error_escaping_after_a_streamed_answer_stays_on_the_server(db, clock) -> None:
    # The WebSocket transports run operations through Schema.stream. An exception after the
    # answer was yielded ends the stream; the transport logs it and sends "complete".
    context = await _context(db, clock, broken_close=True)
    results = await SCHEMA.stream("{ provinces { code } }", context_value=context)
    answers = []
    with pytest.raises(InterfaceError):
        async for answer in results:
            answers.append(answer)
    assert answers
    assert all(DRIVER_TEXT not in str(answer) for answer in answers)


async def test_a_library_error_inside_a_resolver_is_masked(db, clock, monkeypatch) -> None:
    from resolvers import reading

    async def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise InterfaceError("SELECT", {}, Exception(DRIVER_TEXT))

    monkeypatch.setattr(reading, "list_page", broken)
    context = await _context(db, clock, broken_close=False)
    result = await SCHEMA.execute("{ provinces { code } }", context_value=context)
    _assert_masked(result.errors)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("{ offences(first: 1000) { totalCount } }", "first: must be between 0 and 100"),
        ("{ provinces { nosuchfield } }", "Cannot query field 'nosuchfield'"),
        ("{ provinces { ", "Syntax Error"),
    ],
)
async def test_domain_errors_and_errors_about_the_document_pass(db, clock, query, shown) -> None:
    context = await _context(db, clock, broken_close=False)
    result = await SCHEMA.execute(query, context_value=context)
    assert result.errors
    assert shown in result.errors[0].message
