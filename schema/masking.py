"""Apply the field masks declared in policies/masks.py: hidden fields read as null.

A masked type provides ``mask_rows(info)``: the row the masks look at (e.g. a case participant,
to know its role) and the owner row whose relation to the caller decides (e.g. the case).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.utils.str_converters import to_camel_case

from policies.masks import MASKS, FieldMask, hidden_reason


@strawberry.type(description="A field hidden from you, and why.")
class MaskedField:
    field: str
    reason: str


async def _rows(
    source: Any, info: strawberry.Info, masks: tuple[FieldMask, ...] = ()
) -> tuple[Any, Any]:
    """The rows the masks judge; ``masks`` says which will be judged (none: all of the type's)."""
    rows: tuple[Any, Any] = await source.mask_rows(info, masks)
    return rows


class Masked(FieldExtension):
    """Put on a field listed in MASKS; resolves to None when a mask hides it."""

    def __init__(self, type_name: str, field_name: str) -> None:
        self.masks = MASKS[type_name][field_name]

    def resolve(
        self, next_: Callable[..., Any], source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        raise TypeError("masked fields resolve asynchronously")

    async def resolve_async(
        self,
        next_: Callable[..., Awaitable[Any]],
        source: Any,
        info: strawberry.Info,
        **kwargs: Any,
    ) -> Any:
        row, owner = await _rows(source, info, self.masks)
        if hidden_reason(info.context.principal, self.masks, row, owner) is not None:
            return None
        result = next_(source, info, **kwargs)
        return await result if isinstance(result, Awaitable) else result


async def masked_fields(source: Any, info: strawberry.Info, type_name: str) -> list[MaskedField]:
    row, owner = await _rows(source, info)
    found = []
    for name, masks in MASKS[type_name].items():
        reason = hidden_reason(info.context.principal, masks, row, owner)
        if reason is not None:
            found.append(MaskedField(field=to_camel_case(name), reason=reason))
    return found
