"""Person photos: uploads checked by content, stored once by hash, served only to who may see them."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from resolvers import persons
from resolvers.auth import Origin
from resolvers.tokens import issue_token
from tests import factories as f
from tests.admin_support import HASHER, PASSWORD, signed_in

EN = {"Accept-Language": "en"}


def png(red: int = 200) -> bytes:
    """A valid 1x1 PNG; ``red`` makes different files."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 30, 60]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def upload(
    client: httpx.AsyncClient, csrf: str, person_id: int, name: str, data: bytes, kind: str
) -> httpx.Response:
    return await client.post(
        f"/admin/persons/{person_id}/photos",
        data={"csrf_token": csrf, "caption": "front"},
        files={"photo": (name, data, kind)},
        headers=EN,
    )


async def count(session: AsyncSession, model: Any, *where: Any) -> int:
    return int(
        (await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one()
    )


async def test_two_identical_uploads_are_stored_once_and_listed_twice_with_their_url(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, graphql: Any
) -> None:
    person = await f.person(session, created_at=clock.now(), updated_at=clock.now())
    csrf = await signed_in(admin_client, session, clock, "specialist")
    image = png()
    digest = hashlib.sha256(image).hexdigest()
    for _ in range(2):
        answer = await upload(admin_client, csrf, person.id, "face.png", image, "image/png")
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == f"/admin/persons/{person.id}?saved=photo#photos"
    assert await count(session, t.PhotoBlob, t.PhotoBlob.sha256 == digest) == 1
    assert await count(session, t.PersonPhoto, t.PersonPhoto.person_id == person.id) == 2
    stored = await session.get(t.PhotoBlob, digest)
    assert stored is not None and stored.data == image and stored.content_type == "image/png"
    rows = (await session.scalars(select(t.PersonPhoto.id).order_by(t.PersonPhoto.id))).all()
    gid = str(GlobalID("Person", str(person.id)))
    urls = [f"/persons/{gid}/photos/{row}" for row in rows]
    query = "query ($id: ID!) { node(id: $id) { ... on Person { photos { sha256 url } } } }"
    result = await graphql(query, {"id": gid})
    assert result.data["node"]["photos"] == [{"sha256": digest, "url": url} for url in urls]
    page = await admin_client.get(f"/admin/persons/{person.id}", headers=EN)
    assert all(f'src="{url}"' in page.text for url in urls)
    assert digest not in page.text  # no URL names the bytes
    for url in urls:
        assert (await admin_client.get(url)).content == image


async def test_a_file_whose_content_is_not_what_its_name_says_is_refused_by_name(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    person = await f.person(session, created_at=clock.now(), updated_at=clock.now())
    csrf = await signed_in(admin_client, session, clock, "specialist")
    cases = [
        ("holiday.jpg", png(), "image/jpeg", "“holiday.jpg” is sent as image/jpeg and a .jpg file"),
        ("notes.jpg", b"just some text, not an image", "image/jpeg", "“notes.jpg” is not a JPEG"),
        ("sly.png", png(), "image/jpeg", "“sly.png” is sent as image/jpeg but its content is PNG"),
    ]
    for name, data, kind, message in cases:
        answer = await upload(admin_client, csrf, person.id, name, data, kind)
        assert answer.status_code == 422, name
        assert 'id="photo-problems"' in answer.text and message in answer.text, name
    assert await count(session, t.PhotoBlob) == 0
    assert await count(session, t.PersonPhoto, t.PersonPhoto.person_id == person.id) == 0


async def test_a_file_over_the_size_limit_is_refused(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    person = await f.person(session, created_at=clock.now(), updated_at=clock.now())
    csrf = await signed_in(admin_client, session, clock, "specialist")
    too_big = png() + b"\0" * persons.MAX_PHOTO_BYTES
    answer = await upload(admin_client, csrf, person.id, "huge.png", too_big, "image/png")
    assert answer.status_code == 422
    assert "“huge.png” is" in answer.text and "at most 10 MB" in answer.text
    assert await count(session, t.PhotoBlob) == 0


async def test_a_person_saved_with_a_photo_gets_it_and_a_refused_entry_stores_no_bytes(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    image = png(7)
    digest = hashlib.sha256(image).hexdigest()
    form = {"csrf_token": csrf, "familyNameLatin": "Heng", "sex": "M", "nationality": "KH"}
    refused = await admin_client.post(
        "/admin/persons/new",
        data={**form, "birthYear": "1700"},
        files={"photo": ("heng.png", image, "image/png")},
        headers=EN,
    )
    assert refused.status_code == 422 and "year must be between" in refused.text
    assert await session.get(t.PhotoBlob, digest) is None  # nothing half-written
    saved = await admin_client.post(
        "/admin/persons/new", data=form, files={"photo": ("heng.png", image, "image/png")}
    )
    assert saved.status_code == 303
    pid = int(saved.headers["location"].split("/")[-1].split("?")[0])
    rows = (
        (await session.execute(select(t.PersonPhoto).where(t.PersonPhoto.person_id == pid)))
        .scalars()
        .all()
    )
    assert [(r.sha256, r.content_type, r.size_bytes) for r in rows] == [
        (digest, "image/png", len(image))
    ]
    assert await session.get(t.PhotoBlob, digest) is not None


async def _photo_of(session: AsyncSession, person: t.Person, data: bytes) -> str:
    row = await f.photo(session, person_row=person, data=data)
    return f"/persons/{GlobalID('Person', str(person.id))}/photos/{row.id}"


async def test_the_photo_route_serves_only_what_graphql_lists_for_the_caller(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    suspect = await f.person(session, province_code="12")
    victim = await f.person(session, province_code="12", family_name_latin="Lim")
    unit = await f.unit(session, province="12")
    case = await f.case(session, lead=unit)
    await f.participant(session, case_row=case, person_row=victim, role="victim")
    suspect_photo = await _photo_of(session, suspect, png(1))
    victim_photo = await _photo_of(session, victim, png(2))

    assert (await admin_client.get(suspect_photo)).status_code == 404  # stranger

    await signed_in(admin_client, session, clock, "specialist")  # province 12
    for url, data in ((suspect_photo, png(1)), (victim_photo, png(2))):
        shown = await admin_client.get(url)
        assert shown.status_code == 200 and shown.content == data
        assert shown.headers["content-type"] == "image/png"
        assert shown.headers["x-content-type-options"] == "nosniff"
        assert shown.headers["cache-control"] == "private, no-store"
        assert shown.headers["content-disposition"] == "inline"
    unknown = await admin_client.get(suspect_photo.rsplit("/", 1)[0] + "/999999")
    assert unknown.status_code == 404 and unknown.text == "not found"
    assert unknown.headers["cache-control"] == "private, no-store"
    # Another person's photo under this person's id is not this person's photo.
    crossed = victim_photo.rsplit("/", 1)[0] + "/" + suspect_photo.rsplit("/", 1)[1]
    assert (await admin_client.get(crossed)).text == unknown.text
    for malformed in ("/persons/not-an-id/photos/1", "/persons/T2ZmZW5jZTox/photos/1"):
        assert (await admin_client.get(malformed)).status_code == 404

    await signed_in(
        admin_client, session, clock, "specialist", unit_row=await f.unit(session, province="17")
    )
    # Another province sees the cross-province summary, which has no photos (issue 14: the
    # route served them by hash although GraphQL masked them).
    for url in (suspect_photo, victim_photo):
        hidden = await admin_client.get(url)
        assert hidden.status_code == 404 and hidden.text == unknown.text
    page = await admin_client.get(f"/admin/persons/{victim.id}", headers=EN)
    assert "cross-province summary" in page.text and "/photos/" not in page.text

    await signed_in(admin_client, session, clock, "national_analyst")  # no victim-photo grant
    assert (await admin_client.get(suspect_photo)).status_code == 200
    assert (await admin_client.get(victim_photo)).text == unknown.text
    page = await admin_client.get(f"/admin/persons/{victim.id}", headers=EN)
    assert "photos of a victim need an explicit grant" in page.text and "/photos/" not in page.text

    await signed_in(admin_client, session, clock, "ministry_officer")  # no person read at all
    assert (await admin_client.get(suspect_photo)).status_code == 404


async def test_no_route_serves_a_photo_by_its_hash(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    person = await f.person(session, province_code="12")
    url = await _photo_of(session, person, png(4))
    digest = hashlib.sha256(png(4)).hexdigest()
    await signed_in(admin_client, session, clock, "specialist")
    assert (await admin_client.get(url)).status_code == 200  # the caller may see it
    for path in (f"/photos/{digest}", f"/static/{digest}", f"/admin/photos/{digest}"):
        assert (await admin_client.get(path)).status_code == 404, path


async def test_each_photo_served_is_audited_as_a_read_of_its_person(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    person = await f.person(session, province_code="12")
    url = await _photo_of(session, person, png(5))
    await signed_in(admin_client, session, clock, "specialist", username="photo.reader")
    assert (await admin_client.get(url)).status_code == 200
    assert (await admin_client.get(url.rsplit("/", 1)[0] + "/999999")).status_code == 404
    entries = (
        await session.scalars(
            select(t.AuditEntry).where(t.AuditEntry.action == "person.photo.read")
        )
    ).all()
    assert [(e.object_type, e.object_id, e.actor_username) for e in entries] == [
        ("person", str(person.id), "photo.reader")
    ]
    assert json.loads(entries[0].details) == {"photo_id": int(url.rsplit("/", 1)[1])}


async def test_the_photo_route_accepts_a_bearer_token(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    person = await f.person(session, province_code="12")
    url = await _photo_of(session, person, png(3))
    owner = await f.user(session, position="specialist", password_hash=HASHER.hash(PASSWORD))
    issued = await issue_token(
        session,
        clock=clock,
        name="photo viewer",
        owner=owner,
        roles=None,
        expires_at=clock.now() + timedelta(days=30),
        created_by="test",
        origin=Origin(),
    )
    await session.flush()
    answer = await admin_client.get(url, headers={"Authorization": f"Bearer {issued.secret}"})
    assert answer.status_code == 200 and answer.content == png(3)
    assert answer.headers["x-content-type-options"] == "nosniff"
