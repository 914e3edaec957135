"""A hash is not a permission: a photo row may name only bytes its writer uploaded or can see."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.admin_support import signed_in
from tests.conftest import T0
from tests.test_mutations_persons import ADD_PHOTO, CREATE, count, new_person
from tests.test_photos import png

UNKNOWN = "no photo with this hash was uploaded"


def as_user(user: t.User) -> Principal:
    return Principal(
        username=user.username,
        user_id=user.id,
        roles=(user.position,),
        province_code=user.province_code,
        unit_id=user.unit_id,
        policy=default_policy(),
    )


def gid(person: t.Person) -> str:
    return str(GlobalID("Person", str(person.id)))


def photo_input(data: bytes) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "contentType": "image/png", "sizeBytes": 9}


def errors(payload: dict[str, Any]) -> list[tuple[str, str, str]]:
    assert payload["__typename"] == "ValidationFailed", payload
    return [(e["field"], e["code"], e["message"]) for e in payload["errors"]]


async def test_a_hash_of_a_photo_the_caller_cannot_see_reads_as_never_uploaded(
    session: AsyncSession, graphql: Any
) -> None:
    siem_reap = await f.user(session, unit_row=await f.unit(session, province="17"))
    offender = await f.person(session, province_code="17")
    await f.photo(session, person_row=offender, data=png(11), uploader=siem_reap)
    me = as_user(await f.user(session))  # Phnom Penh: sees Siem Reap's summary, not its photos
    mine = await f.person(session, province_code="12")
    await session.commit()
    stolen = await graphql(ADD_PHOTO, {"p": gid(mine), "input": photo_input(png(11))}, principal=me)
    never = await graphql(ADD_PHOTO, {"p": gid(mine), "input": photo_input(png(12))}, principal=me)
    expected = [("sha256", "unknown", UNKNOWN)]
    assert errors(stolen.data["addPersonPhoto"]) == errors(never.data["addPersonPhoto"]) == expected
    created = await graphql(CREATE, {"input": new_person(photos=[photo_input(png(11))])}, me)
    assert errors(created.data["createPerson"]) == [("photos.0.sha256", "unknown", UNKNOWN)]
    assert await count(session, t.PersonPhoto) == 1  # the offender's own


async def test_bytes_the_caller_uploaded_or_can_see_may_be_attached(
    session: AsyncSession, graphql: Any
) -> None:
    colleague = await f.user(session)
    seen = await f.person(session, province_code="12")
    await f.photo(session, person_row=seen, data=png(13), uploader=colleague)
    me = await f.user(session)
    blob = t.PhotoBlob(
        sha256=hashlib.sha256(png(14)).hexdigest(),
        content_type="image/png",
        size=len(png(14)),
        data=png(14),
        created_at=T0,
    )
    session.add(blob)
    session.add(t.PhotoUpload(sha256=blob.sha256, user_id=me.id, created_at=T0))
    target = await f.person(session, province_code="12")
    await session.commit()
    for data in (png(13), png(14)):  # one the caller can see, one the caller uploaded
        answer = await graphql(
            ADD_PHOTO, {"p": gid(target), "input": photo_input(data)}, principal=as_user(me)
        )
        assert answer.data["addPersonPhoto"]["__typename"] == "AddPersonPhotoSuccess", answer
    sizes = await session.scalars(
        select(t.PersonPhoto.size_bytes).where(t.PersonPhoto.person_id == target.id)
    )
    # The row records the stored bytes' type and size, not the 9 bytes the input declared.
    assert sorted(sizes) == sorted([len(png(13)), len(png(14))])


async def test_an_api_client_uploads_bytes_then_attaches_them(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, graphql: Any
) -> None:
    person = await f.person(session, province_code="12")
    csrf = await signed_in(admin_client, session, clock, "specialist", username="uploader.pp")
    headers = {"X-CSRF-Token": csrf}
    files = {"photo": ("face.png", png(15), "image/png")}
    answer = await admin_client.post("/photos", files=files, headers=headers)
    assert answer.status_code == 201, answer.text
    digest = hashlib.sha256(png(15)).hexdigest()
    assert answer.json() == {
        "sha256": digest,
        "contentType": "image/png",
        "sizeBytes": len(png(15)),
    }
    me = as_user(await session.scalar(select(t.User).where(t.User.username == "uploader.pp")))
    attached = await graphql(ADD_PHOTO, {"p": gid(person), "input": answer.json()}, principal=me)
    assert attached.data["addPersonPhoto"]["__typename"] == "AddPersonPhotoSuccess"

    wrong = {"photo": ("face.jpg", png(15), "image/jpeg")}
    refused = await admin_client.post("/photos", files=wrong, headers=headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "photo"
    assert (await admin_client.post("/photos", headers=headers)).status_code == 422

    csrf = await signed_in(admin_client, session, clock, "officer")  # looks up, records none
    files = {"photo": ("face.png", png(16), "image/png")}
    refused = await admin_client.post("/photos", files=files, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403
    assert await session.get(t.PhotoBlob, hashlib.sha256(png(16)).hexdigest()) is None
