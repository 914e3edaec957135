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


# None open today. The person edit form (filled from a summary read) and the audit trail's
# change values shown to admins were found here and closed; their narrow tests stay in
# test_known_findings.py as regressions.
KNOWN: tuple[Finding, ...] = ()


def unexplained(violations: list[str]) -> list[str]:
    return [v for v in violations if not any(f.explains(v) for f in KNOWN)]


def explained(violations: list[str]) -> dict[str, int]:
    """How many of these violations each known finding explains (for the run's summary)."""
    return {f.name: sum(1 for v in violations if f.explains(v)) for f in KNOWN}
