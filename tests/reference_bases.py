"""A valid input for every mutation that takes an id, as one role of the default policy sends it
(tests/test_references.py checks that the role's answer is a success). The id arguments
themselves are found by introspection; ``types`` says which object an id names only where its
name does not tell (``id``, ``ids``, ``participantId``…)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from tests.conftest import T0
from tests.reference_scene import OWN, Scene

AN_HOUR_AGO = (T0 - timedelta(hours=1)).isoformat()


@dataclass(frozen=True)
class Base:
    role: str
    variables: Callable[[Scene], dict[str, Any]]
    types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _one(name: str) -> Mapping[str, tuple[str, ...]]:
    return {"id": (name,)}


def _offence(s: Scene) -> dict[str, Any]:
    return {
        "typeCode": "THEFT",
        "occurredAt": AN_HOUR_AGO,
        "place": {"provinceCode": OWN},
        "persons": [{"personId": s.id("pp_person"), "role": "SUSPECT"}],
        "caseId": s.id("pp_case"),
    }


def _warrant(s: Scene) -> dict[str, Any]:
    return {
        "court": "Phnom Penh Municipal Court of First Instance",
        "number": "REF-1",
        "kind": "ARREST",
        "issuedOn": "2025-03-04",
        "subjectPersonId": s.id("pp_person"),
        "caseId": s.id("pp_case"),
        "owningUnitId": s.id("pp_unit"),
        "provinceCode": OWN,
    }


def _filing(s: Scene) -> dict[str, Any]:
    return {
        "recordId": s.id("pp_locked"),
        "fields": ["description"],
        "reason": "the description names the wrong market",
        "proposed": [],
        "attachments": [],
    }


def _patch(**values: Any) -> dict[str, Any]:
    return {"expectedVersion": 1, **values}


BASES: dict[str, Base] = {
    "updatePerson": Base(
        "specialist",
        lambda s: {"id": s.id("pp_person"), "input": _patch(background="seen at the market")},
        _one("Person"),
    ),
    "addPersonAlias": Base(
        "specialist",
        lambda s: {"personId": s.id("pp_person"), "input": {"name": "Ah Dara", "script": "LATIN"}},
    ),
    "removePersonAlias": Base(
        "specialist", lambda s: {"personId": s.id("pp_person"), "name": "Known Alias"}
    ),
    "addIdentityDocument": Base(
        "specialist",
        lambda s: {
            "personId": s.id("pp_person"),
            "input": {"kind": "PASSPORT", "number": "N0123456", "issuingCountry": "KH"},
        },
    ),
    "addPersonPhoto": Base(
        "specialist",
        lambda s: {
            "personId": s.id("pp_person"),
            "input": {
                "sha256": s.uploaded_sha,
                "contentType": "image/png",
                "sizeBytes": len(s.uploaded_png),
            },
        },
    ),
    "recordOffence": Base("specialist", lambda s: {"input": _offence(s)}),
    "updateOffence": Base(
        "specialist",
        lambda s: {"id": s.id("pp_offence"), "input": _patch(caseId=s.id("pp_case"))},
        _one("Offence"),
    ),
    "linkPersonToOffence": Base(
        "specialist",
        lambda s: {
            "offenceId": s.id("pp_offence"),
            "personId": s.id("pp_person2"),
            "role": "WITNESS",
        },
    ),
    "unlinkPersonFromOffence": Base(
        "specialist",
        lambda s: {
            "offenceId": s.id("pp_offence"),
            "personId": s.id("pp_person"),
            "role": "SUSPECT",
        },
    ),
    "openCase": Base(
        "specialist",
        lambda s: {"input": {"number": "REF-C", "title": "t", "leadUnitId": s.id("pp_unit")}},
    ),
    "updateCase": Base(
        "specialist",
        lambda s: {"id": s.id("pp_case"), "patch": _patch(leadUnitId=s.id("pp_unit2"))},
        _one("Case"),
    ),
    "addCaseParticipant": Base(
        "specialist",
        lambda s: {"caseId": s.id("pp_case"), "personId": s.id("pp_person"), "role": "VICTIM"},
    ),
    "removeCaseParticipant": Base(
        "specialist",
        lambda s: {"participantId": s.id("pp_removable")},
        {"participantId": ("CaseParticipant",)},
    ),
    "recordParticipantEvent": Base(
        "specialist",
        lambda s: {
            "participantId": s.id("pp_participant"),
            "kind": "ARREST",
            "occurredAt": T0.isoformat(),
        },
        {"participantId": ("CaseParticipant",)},
    ),
    "linkOffenceToCase": Base(
        "specialist",
        lambda s: {"offenceId": s.id("pp_offence"), "caseId": s.id("pp_case")},
    ),
    "unlinkOffenceFromCase": Base("specialist", lambda s: {"offenceId": s.id("pp_in_case")}),
    "createWarrant": Base("specialist", lambda s: {"input": _warrant(s)}),
    "updateWarrant": Base(
        "specialist",
        lambda s: {
            "id": s.id("pp_warrant"),
            "patch": _patch(
                subjectPersonId=s.id("pp_person2"),
                caseId=s.id("pp_case"),
                owningUnitId=s.id("pp_unit2"),
            ),
        },
        _one("Warrant"),
    ),
    "createNotice": Base(
        "specialist",
        lambda s: {
            "input": {
                "kind": "WANTED",
                "personId": s.id("pp_person"),
                "validFrom": "2026-01-01",
                "owningUnitId": s.id("pp_unit"),
                "provinceCode": OWN,
            }
        },
    ),
    "updateNotice": Base(
        "specialist",
        lambda s: {
            "id": s.id("pp_notice"),
            "patch": _patch(personId=s.id("pp_person2"), owningUnitId=s.id("pp_unit2")),
        },
        _one("Notice"),
    ),
    "createOperation": Base(
        "specialist",
        lambda s: {
            "input": {
                "name": "Operation Clean Streets",
                "startedOn": "2026-10-01",
                "leadUnitId": s.id("pp_unit"),
                "unitIds": [s.id("pp_unit2")],
            }
        },
    ),
    "updateOperation": Base(
        "specialist",
        lambda s: {
            "id": s.id("pp_operation"),
            "patch": _patch(leadUnitId=s.id("pp_unit2"), unitIds=[s.id("sr_unit")]),
        },
        _one("Operation"),
    ),
    "createApiToken": Base(
        "admin",
        lambda s: {
            "input": {
                "name": "partner portal",
                "ownerId": s.id("stranger"),
                "expiresAt": (T0 + timedelta(days=30)).isoformat(),
            }
        },
        {"ownerId": ("User",)},
    ),
    "revokeApiToken": Base("admin", lambda s: {"id": s.id("stranger_token")}, _one("ApiToken")),
    "consentApiToken": Base(
        "specialist", lambda s: {"id": s.id("pending_token")}, _one("ApiToken")
    ),
    "declineApiToken": Base(
        "specialist", lambda s: {"id": s.id("pending_token")}, _one("ApiToken")
    ),
    "removePolicyRule": Base("admin", lambda s: {"id": "1"}, _one("PolicyRule")),
    "fileReviewRequest": Base(
        "provincial_chief",
        lambda s: {"input": _filing(s)},
        {"recordId": ("Offence", "Person", "Case")},
    ),
    "approveReviewRequest": Base(
        "planning_head", lambda s: {"id": s.id("pp_request")}, _one("ReviewRequest")
    ),
    "rejectReviewRequest": Base(
        "planning_head",
        lambda s: {"id": s.id("pp_request"), "comment": "the record is right"},
        _one("ReviewRequest"),
    ),
    "markInboxRead": Base(
        "specialist", lambda s: {"ids": [s.id("pp_entry")]}, {"ids": ("InboxEntry",)}
    ),
    "acknowledgeInbox": Base(
        "specialist", lambda s: {"ids": [s.id("pp_entry")]}, {"ids": ("InboxEntry",)}
    ),
    "executeWarrant": Base(
        "specialist",
        lambda s: {
            "id": s.id("pp_warrant"),
            "expectedVersion": 1,
            "input": {
                "executedAt": T0.isoformat(),
                "provinceCode": OWN,
                "place": "",
                "unitId": s.id("pp_unit2"),
            },
        },
        _one("Warrant"),
    ),
    "cancelWarrant": Base(
        "specialist",
        lambda s: {"id": s.id("pp_warrant"), "expectedVersion": 1, "reason": "withdrawn"},
        _one("Warrant"),
    ),
    "validateWarrant": Base("specialist", lambda s: {"id": s.id("pp_warrant")}, _one("Warrant")),
    "validateNotice": Base("specialist", lambda s: {"id": s.id("pp_notice")}, _one("Notice")),
    "confirmHit": Base("specialist", lambda s: {"id": s.id("pp_hit")}, _one("Hit")),
    "rejectHit": Base(
        "specialist", lambda s: {"id": s.id("pp_hit"), "reason": "not him"}, _one("Hit")
    ),
    "markHitAlertsRead": Base(
        "specialist", lambda s: {"ids": [s.id("pp_alert")]}, {"ids": ("HitAlert",)}
    ),
    "acknowledgeHitAlerts": Base(
        "specialist", lambda s: {"ids": [s.id("pp_alert")]}, {"ids": ("HitAlert",)}
    ),
}
