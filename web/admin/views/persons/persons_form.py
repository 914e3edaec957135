"""The person entry form (``/persons/new``), its correction within the window
(``/persons/{id}/edit``), and the duplicate suggestions shown while typing
(``/persons/duplicates``).

Saving is the API's ``createPerson`` / ``updatePerson`` (resolvers.persons; with a photo,
resolvers.photos), the suggestions its ``likelyDuplicates`` (schema/duplicates.py's PersonProbe
and resolvers.duplicates). Field names are the API's input names, so problems land beside them.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.relay import GlobalID

from db.errors import Forbidden, InvalidInput, NotFound, RecordLocked, StaleVersion
from resolvers import duplicates, persons, photos
from resolvers.context import Context
from resolvers.inputs_persons import AliasData, BirthDate, DocumentData, PersonData, PersonPatch
from schema.duplicates import PersonProbe
from schema.enums import Sex
from web.admin.context import view_context
from web.admin.forms import Form, prefill
from web.admin.i18n import N_
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.persons.persons import SEXES

CREATE = (("person", "create"),)
UPDATE = (("person", "update"),)
ALIAS_ROWS = 3
DOCUMENT_ROWS = 2
SCRIPTS = (("khmer", N_("Khmer script")), ("latin", N_("Latin script")))
DOCUMENT_KINDS = (
    ("national_id", N_("National ID card")),
    ("passport", N_("Passport")),
    ("other", N_("Other document")),
)
NAMES = ("familyNameKm", "givenNameKm", "familyNameLatin", "givenNameLatin")
PROBE = (*NAMES, "sex", "birthYear", "birthMonth", "birthDay", "nationality")
SHOWN = (  # fields with a place on the form: their problems show there, not in the summary
    *PROBE,
    "birthDate",
    "background",
    "photo",
    *(f"aliases.{i}.{n}" for i in range(ALIAS_ROWS) for n in ("name", "script")),
    *(
        f"documents.{i}.{n}"
        for i in range(DOCUMENT_ROWS)
        for n in ("kind", "number", "issuingCountry")
    ),
)
FIELDS = {  # form field -> person attribute, for the correction form
    "familyNameKm": "family_name_km",
    "givenNameKm": "given_name_km",
    "familyNameLatin": "family_name_latin",
    "givenNameLatin": "given_name_latin",
    "sex": "sex",
    "birthYear": "birth_year",
    "birthMonth": "birth_month",
    "birthDay": "birth_day",
    "nationality": "nationality",
    "background": "background",
}


def gid(person_id: int) -> str:
    return str(GlobalID("Person", str(person_id)))


def _birth(form: Form) -> BirthDate:
    return BirthDate(
        year=form.integer("birthYear"),
        month=form.integer("birthMonth"),
        day=form.integer("birthDay"),
    )


def _rows(
    form: Form, prefix: str, count: int, names: tuple[str, ...], typed: tuple[str, ...]
) -> list[dict[str, str]]:
    """The repeated rows (aliases, documents) with anything typed in their ``typed`` fields (a
    select always has a value, so it does not count)."""
    rows = []
    for i in range(count):
        row = {name: form.text(f"{prefix}.{i}.{name}") for name in names}
        if any(row[name] for name in typed):
            rows.append(row)
    return rows


def person_data(form: Form) -> PersonData:
    aliases = _rows(form, "aliases", ALIAS_ROWS, ("name", "script"), ("name",))
    documents = _rows(
        form,
        "documents",
        DOCUMENT_ROWS,
        ("kind", "number", "issuingCountry"),
        ("number", "issuingCountry"),
    )
    return PersonData(
        sex=form.text("sex"),
        nationality=form.text("nationality"),
        family_name_latin=form.get("familyNameLatin"),
        given_name_latin=form.get("givenNameLatin"),
        family_name_km=form.get("familyNameKm"),
        given_name_km=form.get("givenNameKm"),
        birth=_birth(form),
        background=form.get("background"),
        aliases=tuple(AliasData(name=a["name"], script=a["script"]) for a in aliases),
        documents=tuple(
            DocumentData(kind=d["kind"], number=d["number"], issuing_country=d["issuingCountry"])
            for d in documents
        ),
    )


def person_patch(form: Form) -> PersonPatch:
    return PersonPatch(
        family_name_latin=form.get("familyNameLatin"),
        given_name_latin=form.get("givenNameLatin"),
        family_name_km=form.get("familyNameKm"),
        given_name_km=form.get("givenNameKm"),
        sex=form.text("sex"),
        birth=_birth(form),
        nationality=form.text("nationality"),
        background=form.get("background"),
    )


def _probe(form: Form) -> PersonProbe | None:
    """What has been typed, as the API's likelyDuplicates probe; None before any name."""
    if not any(form.text(name) for name in NAMES):
        return None
    scratch = Form(values=dict(form.values))  # unreadable numbers are ignored here, not reported
    sex = scratch.text("sex")
    return PersonProbe(
        family_name_latin=scratch.text("familyNameLatin"),
        given_name_latin=scratch.text("givenNameLatin"),
        family_name_km=scratch.text("familyNameKm"),
        given_name_km=scratch.text("givenNameKm"),
        sex=Sex(sex) if sex in {s.value for s in Sex} else Sex.UNKNOWN,
        birth_year=scratch.integer("birthYear"),
        birth_month=scratch.integer("birthMonth"),
        birth_day=scratch.integer("birthDay"),
        nationality=scratch.text("nationality"),
    )


async def suggestions(ctx: Context, form: Form, exclude: int | None) -> list[Any]:
    probe = _probe(form)
    if probe is None:
        return []
    return await duplicates.likely_duplicates(ctx, probe.facts(), exclude=exclude, limit=5)


def _form_page(request: Request, form: Form, status: int = 200, **extra: Any) -> Response:
    extra.setdefault("person", None)
    extra.setdefault("problem", None)
    return render(
        request,
        "admin/persons/form.html",
        status_code=status,
        form=form,
        sexes=SEXES,
        scripts=SCRIPTS,
        document_kinds=DOCUMENT_KINDS,
        alias_rows=range(ALIAS_ROWS),
        document_rows=range(DOCUMENT_ROWS),
        shown_fields=SHOWN,
        editing=extra["person"] is not None,
        **extra,
    )


@page("/persons/new", needs=CREATE, name="persons_new", menu=N_("New person"), menu_order=21)
async def person_new(request: Request) -> Response:
    return _form_page(request, Form(values={"nationality": "KH"}), suggested=[])


@page("/persons/new", needs=CREATE, methods=("POST",), name="persons_create")
async def person_create(request: Request) -> Response:
    form = await Form.read(request)
    upload = await photo_upload(form)
    data = person_data(form)
    async with view_context(request, operation="createPerson") as ctx:
        if form.ok:
            try:
                person = await photos.create_person_with_photo(ctx, data, upload)
            except InvalidInput as error:
                form.absorb(error)
            except Forbidden as error:
                return _form_page(request, form, 403, problem=str(error), suggested=[])
            else:
                return go(request, f"/admin/persons/{person.id}?saved=created")
        found = await suggestions(ctx, form, None)
    return _form_page(request, form, 422, suggested=found)


async def photo_upload(form: Form, field: str = "photo") -> photos.Upload | None:
    file = form.files.get(field)
    if file is None:
        return None
    try:
        data = await file.read()
    finally:
        await file.close()
    return photos.Upload(
        filename=file.filename or "",
        declared_type=file.content_type or "",
        data=data,
        caption=form.text("caption"),
    )


@page("/persons/{id:int}/edit", needs=UPDATE, name="persons_edit")
async def person_edit(request: Request) -> Response:
    pid: int = request.path_params["id"]
    async with view_context(request) as ctx:
        person = await persons.person_to_change(ctx, pid)
        if person is None:
            return render(request, "admin/persons/missing.html", status_code=404)
        form = prefill(person, FIELDS)
        form.values["expectedVersion"] = str(person.version)
        found = await suggestions(ctx, form, pid)
    return _form_page(request, form, person=person, suggested=found)


@page("/persons/{id:int}/edit", needs=UPDATE, methods=("POST",), name="persons_update")
async def person_update(request: Request) -> Response:
    pid: int = request.path_params["id"]
    form = await Form.read(request)
    patch = person_patch(form)
    expected = form.integer("expectedVersion")
    async with view_context(request, operation="updatePerson") as ctx:
        person = await persons.person_to_change(ctx, pid)
        if person is None:
            return render(request, "admin/persons/missing.html", status_code=404)
        problem, status = None, 422
        if form.ok:
            try:
                await persons.update_person(ctx, gid(pid), patch, expected)
            except InvalidInput as error:
                form.absorb(error)
            except NotFound:
                return render(request, "admin/persons/missing.html", status_code=404)
            except (RecordLocked, StaleVersion, Forbidden) as error:
                problem = str(error)
                status = 403 if isinstance(error, Forbidden) else 409
            else:
                return go(request, f"/admin/persons/{pid}?saved=corrected")
        await ctx.session.refresh(person)  # the failed transaction's rollback expired it
        found = await suggestions(ctx, form, pid)
    return _form_page(request, form, status, person=person, problem=problem, suggested=found)


@page(
    "/persons/duplicates",
    needs=(("person", "create"), ("person", "update")),
    name="persons_duplicates",
)
async def person_duplicates(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    exclude = form.integer("excludeId")
    async with view_context(request) as ctx:
        found = await suggestions(ctx, form, exclude)
    return render(request, "admin/persons/_duplicates.html", suggested=found)
