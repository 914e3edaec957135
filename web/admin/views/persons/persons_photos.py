"""Adding a photo on the person page (``POST /persons/{id}/photos``, multipart).

The file is checked and stored by resolvers.photos (leading bytes, size, content hash), with the
metadata row written by the API's ``addPersonPhoto`` operation in the same transaction. Problems
are shown beside the file field on the person page, which is shown again.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from db.errors import Forbidden, InvalidInput, NotFound, RecordLocked, StaleVersion
from resolvers import photos
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.persons.persons_form import UPDATE, gid, photo_upload
from web.admin.views.persons.persons_page import load_person, person_view


@page("/persons/{id:int}/photos", needs=UPDATE, methods=("POST",), name="persons_photo_add")
async def person_photo_add(request: Request) -> Response:
    pid: int = request.path_params["id"]
    form = await Form.read(request)
    upload = await photo_upload(form)
    async with view_context(request, operation="addPersonPhoto") as ctx:
        if upload is None:
            form.add("photo", "choose a JPEG, PNG or WebP file")
        else:
            try:
                await photos.add_uploaded_photo(ctx, gid(pid), upload)
            except InvalidInput as error:
                form.absorb(error)
            except NotFound:
                return render(request, "admin/persons/missing.html", status_code=404)
            except (Forbidden, RecordLocked, StaleVersion) as error:
                form.add("version", str(error))
            else:
                return go(request, f"/admin/persons/{pid}?saved=photo#photos")
        person = await load_person(ctx, pid)
        if person is None:
            return render(request, "admin/persons/missing.html", status_code=404)
        for name in list(form.errors):
            if name not in ("photo", "caption", "version"):  # e.g. the metadata's own checks
                form.errors.setdefault("photo", []).extend(form.errors.pop(name))
        return await person_view(request, ctx, person, upload=form, status_code=422)
