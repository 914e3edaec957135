"""Person photos over HTTP: ``GET /persons/{personId}/photos/{photoId}`` serves one, and
``POST /photos`` takes an upload for a later ``addPersonPhoto``.

Photos are never static files, and no route addresses the store by hash: a hash is a storage key,
not a permission (issue 14). The caller (session cookie or bearer token: the principal set by
web.auth) gets a photo only where GraphQL's ``Person.photos`` would list it
(resolvers.photos.readable_photo); otherwise the answer is 404, the same whether the person or
photo exists or not. The old ``/photos/{sha256}`` route is gone, so such a URL is a 404 too.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from db.errors import Forbidden, InvalidInput
from resolvers import photos
from web.admin.context import view_context

HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": "inline",
    "Vary": "Cookie, Authorization",
}
NOT_FOUND = {"Cache-Control": "private, no-store", "Vary": "Cookie, Authorization"}


async def photo(request: Request) -> Response:
    person, photo_id = request.path_params["person"], request.path_params["photo"]
    async with view_context(request) as ctx:
        found = await photos.readable_photo(ctx, person, photo_id)
    if found is None:
        return PlainTextResponse("not found", status_code=404, headers=NOT_FOUND)
    return Response(found.data, media_type=found.content_type, headers=HEADERS)


async def upload(request: Request) -> Response:
    """Multipart, the file in field ``photo``; answers the metadata ``addPersonPhoto`` takes."""
    async with request.form() as form:
        file = form.get("photo")
        if file is None or isinstance(file, str):
            problem = {"field": "photo", "message": "send a JPEG, PNG or WebP file as 'photo'"}
            return JSONResponse({"errors": [problem]}, status_code=422)
        data = photos.Upload(
            filename=file.filename or "",
            declared_type=file.content_type or "",
            data=await file.read(),
        )
    async with view_context(request, operation="uploadPersonPhoto") as ctx:
        try:
            stored = await photos.upload_photo(ctx, data)
        except InvalidInput as error:
            found = [{"field": p.field, "message": p.message} for p in error.problems]
            return JSONResponse({"errors": found}, status_code=422)
        except Forbidden as error:
            return JSONResponse({"errors": [{"message": str(error)}]}, status_code=403)
    body = {"sha256": stored.sha256, "contentType": stored.content_type}
    return JSONResponse({**body, "sizeBytes": stored.size_bytes}, status_code=201)


def photo_routes() -> list[Route]:
    return [
        Route("/persons/{person}/photos/{photo:int}", photo, methods=["GET"], name="photo"),
        Route("/photos", upload, methods=["POST"], name="photo_upload"),
    ]
