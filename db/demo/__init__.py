"""Deterministic demo data: ``await load_demo(database, size="small", now=...)``.

Units for every province and partner ministry, users for every position (password
``DEMO_PASSWORD``), persons with spelling variants and cross-province duplicates, offences of every
national type since 2000, cases, warrants, notices and crackdown operations.
"""

from __future__ import annotations

from db.demo.load import SIZES, DemoError, DemoSummary, Size, is_empty, load_demo
from db.demo.org import DEMO_LOGINS, DEMO_PASSWORD, POSITIONS

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "POSITIONS",
    "SIZES",
    "DemoError",
    "DemoSummary",
    "Size",
    "is_empty",
    "load_demo",
]
