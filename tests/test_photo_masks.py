"""A victim's photos need the field:victim_photos grant in GraphQL too (DESIGN: photos are a
masked field); other persons' photos are details that stay with the recording province."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db import tables as t
from tests import factories as f
from tests.conftest import T0
from tests.test_access_leaks import officer

QUERY = """query($id: ID!) { node(id: $id) { ... on Person {
  photos { sha256 url } maskedFields { field reason } } } }"""


async def _with_photo(session: AsyncSession, given: str, *, victim: bool) -> tuple[str, int]:
    person = await f.person(session, given_name_latin=given)
    photo = t.PersonPhoto(
        person_id=person.id,
        sha256=f"{person.id:064x}",
        content_type="image/png",
        size_bytes=10,
        created_at=T0,
    )
    session.add(photo)
    await session.flush()
    if victim:
        recorder = await f.user(session)
        offence = await f.offence(session, recorder=recorder)
        session.add(t.OffencePerson(offence_id=offence.id, person_id=person.id, role="victim"))
    await session.commit()
    assert photo.id is not None
    return relay.to_base64("Person", person.id), photo.id


def _seen(result: Any) -> tuple[list[str] | None, dict[str, str]]:
    assert result.errors is None, result.errors
    node = result.data["node"]
    photos = None if node["photos"] is None else [p["url"] for p in node["photos"]]
    return photos, {m["field"]: m["reason"] for m in node["maskedFields"]}


async def test_a_victims_photos_need_the_grant_and_others_do_not(
    session: AsyncSession, graphql: Any
) -> None:
    victim, _ = await _with_photo(session, "Victim", victim=True)
    suspect, suspect_photo = await _with_photo(session, "Suspect", victim=False)
    national = officer("17", "national_analyst")  # reads persons everywhere, no photo grant
    photos, masked = _seen(await graphql(QUERY, {"id": victim}, principal=national))
    assert photos is None
    assert masked["photos"] == "photos of a victim need an explicit grant"
    photos, masked = _seen(await graphql(QUERY, {"id": suspect}, principal=national))
    assert photos is not None and photos[0] == f"/persons/{suspect}/photos/{suspect_photo}"
    assert "photos" not in masked
    specialist = officer("12", "specialist")  # the recording province holds the grant
    photos, masked = _seen(await graphql(QUERY, {"id": victim}, principal=specialist))
    assert photos is not None and "photos" not in masked
    elsewhere = officer("17", "specialist")  # another province: the cross-province summary
    photos, masked = _seen(await graphql(QUERY, {"id": suspect}, principal=elsewhere))
    assert photos is None and "photos" in masked
