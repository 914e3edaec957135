"""Judge one answer against the oracle: everything that should not be there, and what is missing.

Soundness: every object of a protected type is one the principal may see; every masked field is
null exactly when the oracle hides it, and ``maskedFields`` lists exactly those; no marker text of
a row or masked field the principal may not read, and no global id of a row it may not see,
appears anywhere (data or errors). Completeness, where cheap: ``totalCount`` of the root lists
and of the simple nested relations equals the number of rows the oracle allows.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from strawberry.utils.str_converters import to_camel_case

from tests.trust.oracle import CHILD_TYPE, DECLARED, ROOT_LISTS, Link, Oracle
from tests.trust.paths import field_name
from tests.trust.world import TYPES

MARKER = re.compile(r"Mk\d{3}q")


@dataclass(frozen=True)
class Violation:
    caller: str
    document: str
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.caller} · {self.document} · {self.path}: {self.problem}"


def decode(global_id: str) -> tuple[str, str]:
    """(type, key) of a Relay global id; ("", the text) for an id of another kind."""
    try:
        type_name, _, key = base64.b64decode(global_id, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return "", global_id
    return type_name, key


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


@dataclass
class Checker:
    oracle: Oracle
    relations: dict[tuple[str, str], dict[Any, list[Link]]]
    caller: str
    document: str

    def check(self, data: Any, errors: list[str]) -> list[Violation]:
        self.found: list[Violation] = []
        self._traces({"data": data, "errors": errors})
        for root, value in (data or {}).items():
            self._walk(value, root, None)
            if root in ROOT_LISTS and isinstance(value, dict) and "totalCount" in value:
                type_name = ROOT_LISTS[root]
                keys = [row.id for row in self.oracle.world.of(TYPES[type_name])]
                expected = self.oracle.count(type_name, [(key, None) for key in keys])
                self._count(root, value["totalCount"], expected)
        return self.found

    def _add(self, path: str, problem: str) -> None:
        self.found.append(Violation(self.caller, self.document, path, problem))

    def _traces(self, answer: dict[str, Any]) -> None:
        text = json.dumps(answer, ensure_ascii=False)
        texts, ids = self.oracle.forbidden_texts, self.oracle.forbidden_ids
        hits = {m for m in MARKER.findall(text) if m in texts}
        if not hits and not any(i in text for i in ids):
            return
        for path, value in _strings(answer, ""):
            for marker in MARKER.findall(value):
                if marker in hits:
                    self._add(path, f"shows {marker!r}, but {texts[marker]}")
            if value in ids:
                self._add(path, f"names {value}, but {ids[value]}")

    def _walk(self, value: Any, path: str, owner: tuple[str, Any] | None) -> None:
        if isinstance(value, list):
            for i, item in enumerate(value):
                self._walk(item, f"{path}[{i}]", owner)
            return
        if not isinstance(value, dict):
            return
        value = {field_name(k): v for k, v in value.items()}
        here = owner
        type_name = value.get("__typename")
        if type_name is not None:
            here = self._object(type_name, value, path, owner)
        for k, v in value.items():
            self._walk(v, f"{path}.{k}", here)

    def _object(
        self, type_name: str, value: dict[str, Any], path: str, owner: tuple[str, Any] | None
    ) -> tuple[str, Any] | None:
        key: Any = None
        if "id" in value and isinstance(value["id"], str):
            kind, raw = decode(value["id"])
            key = int(raw) if kind in TYPES else raw
        if type_name in TYPES and key is not None and not self.oracle.visible(type_name, key):
            self._add(path, f"shows {type_name} {key}, which the policy does not let it see")
        if type_name == "OffenceInvolvement" and owner is not None and "role" in value:
            key = (owner[1], value["role"].lower())
        if type_name in DECLARED and key is not None:
            self._masks(type_name, key, value, path)
        if key is not None:
            self._nested_counts(type_name, key, value, path)
        return (type_name, key) if key is not None else owner

    def _masks(self, type_name: str, key: Any, value: dict[str, Any], path: str) -> None:
        for field in DECLARED[type_name]:
            name = to_camel_case(field)
            if name not in value:
                continue
            reason = self.oracle.hidden(type_name, field, key)
            if reason is not None and value[name] is not None:
                self._add(f"{path}.{name}", f"is shown, but the policy hides it ({reason})")
            if reason is None and value[name] is None and self._present(type_name, field, key):
                self._add(f"{path}.{name}", "is null, but the policy does not hide it")
        if "maskedFields" in value:
            said = {(m["field"], m["reason"]) for m in value["maskedFields"]}
            expected = self.oracle.masked_fields(type_name, key)
            if said != expected:
                self._add(
                    f"{path}.maskedFields", f"says {sorted(said)}, expected {sorted(expected)}"
                )

    def _present(self, type_name: str, field: str, key: Any) -> bool:
        """Whether the field has a value to show when no mask hides it."""
        world = self.oracle.world
        if (type_name, field) == ("CaseParticipant", "person"):
            return self.oracle.visible("Person", world.row("CaseParticipant", key).person_id)
        if (type_name, field) == ("OffenceInvolvement", "person"):
            return self.oracle.visible("Person", world.involved[key])
        return True  # every world row fills its masked fields

    def _nested_counts(self, type_name: str, key: Any, value: dict[str, Any], path: str) -> None:
        for name, child in value.items():
            relation = self.relations.get((type_name, name))
            if relation is None or not isinstance(child, dict) or "totalCount" not in child:
                continue
            expected = self.oracle.count(CHILD_TYPE[name], relation.get(key, []))
            self._count(f"{path}.{name}", child["totalCount"], expected)

    def _count(self, path: str, got: int, expected: int) -> None:
        if got != expected:
            self._add(f"{path}.totalCount", f"is {got}, but {expected} rows are visible")
