"""What the matrix found on the code as it stands, and leaves to the files' owners.

Each finding names the violations it explains; the matrix tests pass over those and fail on any
other. Each has its own narrow test in test_known_findings.py, marked xfail(strict=True): when
the hole is closed that test passes, strict xfail turns the pass into a failure, and the finding
must be deleted here, so that the matrix checks the case again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    name: str
    reason: str
    # The violations it explains: those holding every text of one of these tuples.
    marks: tuple[tuple[str, ...], ...]

    def explains(self, violation: str) -> bool:
        return any(all(mark in violation for mark in marks) for marks in self.marks)


PERSON_EDIT = Finding(
    "person edit form shows masked details",
    "GET /admin/persons/{id}/edit opens for anyone who may update persons somewhere and loads "
    "the person through the read scope, summary included, then pre-fills the form from the row: "
    "a specialist sees the background (PERSON_DETAIL) of another province's person, which the "
    "person page and GraphQL withhold",
    (("GET /admin/persons/{id:int}/edit", ".background is masked"),),
)
AUDIT_DETAILS = Finding(
    "the audit trail shows case data to admins",
    "auditEntries (and /admin/audit) give every change's before and after values, so an admin, "
    "who reads no case data by policy (separation of duties), reads names, narratives, case "
    "numbers and photo captions there. Whether audit readers see record contents, or the trail "
    "keeps them for the verifier only, is a design decision: the matrix reports it either way",
    (("auditEntries", ".details"), ("GET /admin/audit", "shows")),
)
KNOWN: tuple[Finding, ...] = (PERSON_EDIT, AUDIT_DETAILS)


def unexplained(violations: list[str]) -> list[str]:
    return [v for v in violations if not any(f.explains(v) for f in KNOWN)]


def explained(violations: list[str]) -> dict[str, int]:
    """How many of these violations each known finding explains (for the run's summary)."""
    return {f.name: sum(1 for v in violations if f.explains(v)) for f in KNOWN}
