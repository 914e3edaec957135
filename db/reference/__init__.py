"""Reference data kept in the project: the gazetteer, ICCS, national offence types, ministries."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict[str, Any]:
    with (HERE / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def gazetteer() -> dict[str, Any]:
    return load("gazetteer-kh.json")


def iccs_categories() -> list[tuple[str, str]]:
    return [(code, name) for code, name in load("iccs.json")["categories"]]


def offence_types() -> list[dict[str, Any]]:
    types: list[dict[str, Any]] = load("national.json")["offence_types"]
    return types


def ministries() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = load("national.json")["ministries"]
    return found


ICCS_LEVELS = {2: "section", 4: "division", 5: "group", 6: "class"}


def iccs_parent(code: str) -> str | None:
    return {2: None, 4: code[:2], 5: code[:4], 6: code[:5]}[len(code)]
