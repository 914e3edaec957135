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
    marks: tuple[str, ...]  # every one of these is in the violation's text

    def explains(self, violation: str) -> bool:
        return all(mark in violation for mark in self.marks)


PHOTO_ROUTE = Finding(
    "photo route serves cross-province photos",
    "GET /photos/{sha256} serves a person's photo to a caller who sees the person only as the "
    "cross-province summary, where GraphQL masks Person.photos as a detail (PERSON_DETAIL): "
    "resolvers.photos.readable_photo judges only the victim-photo mask",
    ("GET /photos/{sha256}",),
)
SEALED_WRITES = Finding(
    "sealed cases reachable by writes",
    "the sealed-case rank rule holds for reads only (policies.scope._protected applies it when "
    "action == 'read'): a caller who may not read a sealed case still reaches it through the "
    "update/correct scope, so POST /admin/cases/{id}/edit answers 422 or 403 where a missing "
    "case answers 404, and updateCase can change it",
    ("/admin/cases/{id:int}/edit", "Case "),
)
KNOWN: tuple[Finding, ...] = (PHOTO_ROUTE, SEALED_WRITES)


def unexplained(violations: list[str]) -> list[str]:
    return [v for v in violations if not any(f.explains(v) for f in KNOWN)]
