"""The kinds of file an import takes, each with its template and its importer: the command line
(web.cli_import) and the admin's upload page (web.admin.views.imports) offer the same list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from db.imports import TEMPLATES
from resolvers.imports import court_orders
from resolvers.imports.offences import import_offences
from resolvers.imports.persons import import_persons
from resolvers.imports.report import Report

# Called as (ctx, table, mode=, batch_size=, progress=, after_batch=); answers the Report.
Importer = Callable[..., Awaitable[Report]]


@dataclass(frozen=True)
class Kind:
    name: str  # as the command line and the upload form name it
    label: str  # shown in the admin (English; translated there)
    template: Path
    importer: Importer
    resource: str  # the policy object whose ``create`` the rows need (policies/default_policy.csv)


KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "court-orders",
            "Court orders and warrants",
            TEMPLATES / "court_orders.csv",
            court_orders.import_court_orders,
            "warrant",
        ),
        Kind("offences", "Offences", TEMPLATES / "offences.csv", import_offences, "offence"),
        Kind("persons", "Persons", TEMPLATES / "persons.csv", import_persons, "person"),
    )
}
