"""``GET /photos/{sha256}``: a person photo, to whoever may see it, and to nobody else.

Photos are never static files. The caller (session cookie or bearer token: the principal set by
web.auth) must be able to read a ``person_photo`` row naming the hash under the data-layer scope,
and the victim-photo mask must not hide it (resolvers.photos.readable_photo). Otherwise the
answer is 404, the same whether the photo exists or not.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from resolvers import photos
from web.admin.context import view_context

HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": "inline",
    "Vary": "Cookie, Authorization",
}


async def photo(request: Request) -> Response:
    async with view_context(request) as ctx:
        found = await photos.readable_photo(ctx, request.path_params["sha256"])
    if found is None:
        return PlainTextResponse(
            "not found", status_code=404, headers={"Cache-Control": "no-store"}
        )
    return Response(found.data, media_type=found.content_type, headers=HEADERS)


def photo_routes() -> list[Route]:
    return [Route("/photos/{sha256}", photo, methods=["GET"], name="photo")]
