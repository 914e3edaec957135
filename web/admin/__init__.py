"""The HTMX admin: data entry and review for specialists, chiefs and admins (issue 6).

Views live in ``web/admin/views/``, a package per area (persons, records, orders, reviews,
administration) plus sign-in and the home page; each module registers its routes with
``web.admin.pages.page``, which also says who may open them. Templates are in
``web/templates/admin/``, Khmer catalogues in ``web/locale/km/``.
"""

from __future__ import annotations

import importlib
import pkgutil

from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Mount, Route

from web.admin import views
from web.admin.pages import PAGES, guarded


def load_views() -> None:
    """Import every view module, in the area packages too: importing registers the pages."""
    for module in pkgutil.walk_packages(views.__path__, prefix=f"{views.__name__}."):
        importlib.import_module(module.name)


def admin_routes() -> list[BaseRoute]:
    load_views()
    routes: list[BaseRoute] = [
        Route(entry.path, guarded(entry), methods=list(entry.methods), name=entry.name)
        for entry in PAGES
    ]
    return [
        Route("/admin", lambda request: RedirectResponse("/admin/", status_code=307)),
        Mount("/admin", routes=routes),
    ]
