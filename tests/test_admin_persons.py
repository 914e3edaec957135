"""The persons area of the admin: the entry form, its correction, duplicates, search, the page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import HASHER, PASSWORD, signed_in

EN = {"Accept-Language": "en"}
READ_BACK = """
query ($id: ID!) {
  node(id: $id) {
    ... on Person {
      familyNameLatin givenNameLatin familyNameKm givenNameKm sex nationality version
      birthDate { text } provinceCode
      aliases { name script }
      documents { kind number issuingCountry }
    }
  }
}
"""


def new_person(csrf: str, **fields: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf,
        "familyNameKm": "ចាន់",
        "givenNameKm": "សុភា",
        "familyNameLatin": "Chan",
        "givenNameLatin": "Sophea",
        "sex": "F",
        "birthYear": "1988",
        "birthMonth": "4",
        "birthDay": "",
        "nationality": "KH",
        "aliases.0.name": "Pheak",
        "aliases.0.script": "latin",
        "documents.0.kind": "national_id",
        "documents.0.number": "010203040",
        "documents.0.issuingCountry": "KH",
    }
    form.update(fields)
    return form


def created_id(answer: httpx.Response) -> int:
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/admin/persons/(\d+)\?saved=created", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1))


async def read_back(graphql: Any, person_id: int) -> dict[str, Any]:
    result = await graphql(READ_BACK, {"id": str(GlobalID("Person", str(person_id)))})
    assert result.errors is None, result.errors
    node: dict[str, Any] = result.data["node"]
    return node


async def test_a_person_entered_through_the_form_reads_back_through_the_api(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, graphql: Any
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    pid = created_id(await admin_client.post("/admin/persons/new", data=new_person(csrf)))
    stored = await read_back(graphql, pid)
    assert stored["familyNameLatin"] == "Chan" and stored["givenNameKm"] == "សុភា"
    assert stored["sex"] == "FEMALE" and stored["birthDate"]["text"] == "1988-04"
    assert stored["provinceCode"] == "12" and stored["version"] == 1
    assert stored["aliases"] == [{"name": "Pheak", "script": "LATIN"}]
    assert stored["documents"] == [
        {"kind": "NATIONAL_ID", "number": "010203040", "issuingCountry": "KH"}
    ]
    shown = await admin_client.get(f"/admin/persons/{pid}?saved=created", headers=EN)
    assert shown.status_code == 200
    assert "The person is recorded." in shown.text and "Chan Sophea" in shown.text
    assert f'href="/admin/history/person/{pid}"' in shown.text


async def test_problems_show_beside_their_field_with_the_api_message_and_nothing_typed_is_lost(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    form = new_person(
        csrf,
        familyNameKm="",
        givenNameKm="",
        familyNameLatin="",
        givenNameLatin="",
        birthMonth="13",
        nationality="ZZ",
        background="seen near the market",
    )
    form["aliases.0.name"] = "Tall one"
    answer = await admin_client.post("/admin/persons/new", data=form, headers=EN)
    assert answer.status_code == 422
    page = answer.text

    def beside(name: str) -> str:
        found = re.search(
            rf'<ul class="problems" id="{re.escape(name)}-problems">(.*?)</ul>', page, re.S
        )
        assert found, f"no problems shown beside {name}"
        return found.group(1)

    assert "give at least one name" in beside("familyNameLatin")
    assert "month must be between 1 and 12" in beside("birthDate")
    assert "ZZ" in beside("nationality") or "country" in beside("nationality")
    assert "seen near the market</textarea>" in page
    assert 'value="Tall one"' in page and 'value="010203040"' in page
    assert 'aria-invalid="true"' in page


async def test_the_duplicate_partial_suggests_a_planted_near_duplicate(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    planted = await f.person(
        session, family_name_latin="Keo", given_name_latin="Vannak", birth_year=1985, sex="M"
    )
    await signed_in(admin_client, session, clock, "specialist")
    typed = {"familyNameLatin": "Keo", "givenNameLatin": "Vanak", "birthYear": "1985", "sex": "M"}
    answer = await admin_client.get(
        "/admin/persons/duplicates", params=typed, headers={**EN, "HX-Request": "true"}
    )
    assert answer.status_code == 200
    assert "may already be on file" in answer.text
    assert f'href="/admin/persons/{planted.id}"' in answer.text
    assert "<html" not in answer.text  # a fragment for htmx, not a page
    other = await admin_client.get(
        "/admin/persons/duplicates",
        params={"familyNameLatin": "Zhang", "givenNameLatin": "Wei", "birthYear": "2001"},
    )
    assert other.status_code == 200 and "/admin/persons/" not in other.text
    form = await admin_client.get("/admin/persons/new", headers=EN)
    assert 'hx-get="/admin/persons/duplicates"' in form.text and "hx-trigger=" in form.text


async def test_a_correction_within_the_window_is_saved_and_a_stale_one_is_refused(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, graphql: Any
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    pid = created_id(await admin_client.post("/admin/persons/new", data=new_person(csrf)))
    edit = await admin_client.get(f"/admin/persons/{pid}/edit", headers=EN)
    assert edit.status_code == 200 and 'name="expectedVersion" value="1"' in edit.text
    fix = new_person(csrf, givenNameLatin="Sopheap", expectedVersion="1")
    done = await admin_client.post(f"/admin/persons/{pid}/edit", data=fix)
    assert done.status_code == 303
    assert done.headers["location"] == f"/admin/persons/{pid}?saved=corrected"
    stored = await read_back(graphql, pid)
    assert stored["givenNameLatin"] == "Sopheap" and stored["version"] == 2
    stale = new_person(csrf, givenNameLatin="Sophy", expectedVersion="1")
    refused = await admin_client.post(f"/admin/persons/{pid}/edit", data=stale, headers=EN)
    assert refused.status_code == 409
    assert "is at version 2, not 1" in refused.text and 'value="Sophy"' in refused.text
    assert (await read_back(graphql, pid))["givenNameLatin"] == "Sopheap"


async def test_after_the_window_a_correction_is_refused_as_locked(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    user = await f.user(session, position="specialist", password_hash=HASHER.hash(PASSWORD))
    csrf = await signed_in(admin_client, session, clock, "specialist", user=user)
    pid = created_id(await admin_client.post("/admin/persons/new", data=new_person(csrf)))
    clock.advance(timedelta(hours=49))
    csrf = await signed_in(admin_client, session, clock, "specialist", user=user)
    page = await admin_client.get(f"/admin/persons/{pid}", headers=EN)
    assert f'href="/admin/persons/{pid}/edit"' not in page.text  # no longer offered
    fix = new_person(csrf, givenNameLatin="Late", expectedVersion="1")
    refused = await admin_client.post(f"/admin/persons/{pid}/edit", data=fix, headers=EN)
    assert refused.status_code == 409
    assert "is locked since" in refused.text and 'role="alert"' in refused.text


async def test_a_search_beyond_the_own_province_asks_for_a_reason_with_the_api_message(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    here = await f.person(session, family_name_latin="Mao", given_name_latin="Sreyleak")
    there = await f.person(
        session, family_name_latin="Mao", given_name_latin="Sreymom", province_code="17"
    )
    await signed_in(admin_client, session, clock, "specialist")
    first = await admin_client.get("/admin/persons", headers=EN)
    assert first.status_code == 200 and f'href="/admin/persons/{here.id}"' in first.text
    own = await admin_client.get(
        "/admin/persons", params={"name": "Mao", "provinceCodes": "12"}, headers=EN
    )
    assert own.status_code == 200 and f'href="/admin/persons/{there.id}"' not in own.text
    asked = await admin_client.get(
        "/admin/persons", params={"name": "Mao", "provinceCodes": ""}, headers=EN
    )
    assert asked.status_code == 400
    assert 'id="purpose-problems"' in asked.text and "needs a reason" in asked.text
    answered = await admin_client.get(
        "/admin/persons",
        params={"name": "Mao", "provinceCodes": "", "purpose": "tracing a stolen motorbike"},
        headers=EN,
    )
    assert answered.status_code == 200
    assert f'href="/admin/persons/{here.id}"' in answered.text
    assert f'href="/admin/persons/{there.id}"' in answered.text


async def test_the_person_page_shows_the_timeline_and_what_is_withheld_and_why(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    person = await f.person(session, province_code="17", background="informant history")
    await f.warrant(session, subject=person, number="W-TL-1", province_code="17")
    await f.notice(session, subject=person, kind="wanted", province_code="17")
    await signed_in(admin_client, session, clock, "specialist")  # province 12
    page = await admin_client.get(f"/admin/persons/{person.id}", headers=EN)
    assert page.status_code == 200
    assert "informant history" not in page.text
    assert "Withheld" in page.text and "cross-province summary" in page.text
    assert "W-TL-1" in page.text and "wanted" in page.text
    assert f'href="/admin/persons/{person.id}/edit"' not in page.text
    missing = await admin_client.get("/admin/persons/99999999", headers=EN)
    assert missing.status_code == 404


async def test_the_list_filters_sorts_and_pages(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    for i in range(27):
        await f.person(
            session,
            family_name_latin="Pech",
            given_name_latin=f"Rotha{i:02d}",
            sex="F" if i % 3 else "M",
        )
    await signed_in(admin_client, session, clock, "specialist")
    wanted = {"name": "Pech", "provinceCodes": "12", "sort": "name"}
    first = await admin_client.get("/admin/persons", params=wanted, headers=EN)
    assert first.status_code == 200 and "Persons found: 27" in first.text
    names = re.findall(r"Pech (Rotha\d\d)", first.text)
    assert names == [f"Rotha{i:02d}" for i in range(25)]
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    second = await admin_client.get("/admin/persons", params={**wanted, "page": "2"}, headers=EN)
    assert re.findall(r"Pech (Rotha\d\d)", second.text) == ["Rotha25", "Rotha26"]
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text
    men = await admin_client.get("/admin/persons", params={**wanted, "sex": "M"}, headers=EN)
    assert "Persons found: 9" in men.text
