"""Every field policies.masks.MASKS declares carries the schema's ``Masked`` extension.

Generated from MASKS and the live schema, so a mask declared later is checked the day it is
declared; taking the extension off any one field must make the check name that field.
"""

from __future__ import annotations

import pytest
import strawberry
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from policies.masks import MASKS
from schema.masking import Masked
from tests.conftest import SCHEMA

DECLARED = [(kind, name) for kind, fields in MASKS.items() for name in fields]


def _field(schema: strawberry.Schema, kind: str, name: str) -> StrawberryField | None:
    definition = schema.get_type_by_name(kind)
    assert isinstance(definition, StrawberryObjectDefinition), f"{kind} is not in the schema"
    return next((f for f in definition.fields if f.python_name == name), None)


def unmasked(schema: strawberry.Schema) -> list[str]:
    """The declared fields that the schema serves without their masks."""
    found = []
    for kind, name in DECLARED:
        field = _field(schema, kind, name)
        masks = MASKS[kind][name]
        if field is None or not any(
            isinstance(e, Masked) and e.masks == masks for e in field.extensions
        ):
            found.append(f"{kind}.{name}")
    return found


def test_every_declared_mask_is_applied_by_the_schema() -> None:
    assert len(DECLARED) >= 9
    assert unmasked(SCHEMA) == []


@pytest.mark.parametrize(("kind", "name"), DECLARED, ids=[f"{k}.{n}" for k, n in DECLARED])
def test_a_field_stripped_of_its_mask_is_reported(
    kind: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    field = _field(SCHEMA, kind, name)
    assert field is not None
    kept = [e for e in field.extensions if not isinstance(e, Masked)]
    monkeypatch.setattr(field, "extensions", kept)
    assert unmasked(SCHEMA) == [f"{kind}.{name}"]
