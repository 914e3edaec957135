"""Templates: one Jinja environment per language, and the variables every page has.

Every page extends ``admin/base.html``; a fragment that htmx swaps into a page is a template of
its own (its name starts with ``_``) rendered by its own route, so no page is rendered twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from web.admin import i18n
from web.admin.context import request_reads
from web.admin.pages import PAGES, menu_for
from web.settings import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "web" / "templates"


@dataclass(frozen=True)
class Templates:
    by_locale: dict[str, Environment]

    @classmethod
    def load(cls) -> Templates:
        return cls({locale: _environment(locale) for locale in i18n.LOCALES})

    def get(self, locale: str) -> Environment:
        return self.by_locale[locale]


def _environment(locale: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.load_translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["when"] = lambda value, style="medium": i18n.when(value, locale, style)
    env.filters["day"] = lambda value, style="medium": i18n.day(value, locale, style)
    env.globals["locale"] = locale
    # ``opens(name, principal)``: show a link only to those its page (web.admin.pages) opens for.
    env.globals["opens"] = lambda name, principal: any(
        p.name == name and p.opens_for(principal) for p in PAGES
    )
    return env


def render_text(request: Request, template: str, **variables: Any) -> str:
    """A template rendered for whoever asked (their language, their CSRF token): a page's
    body, or a fragment sent on its own (web.admin.live). Every person row among the variables
    leaves the server here, so it is recorded as read (resolvers.read_log)."""
    request_reads(request).emit_all(variables)
    templates: Templates = request.app.state.templates
    chosen = templates.get(i18n.choose_locale(request)).get_template(template)
    return chosen.render(
        request=request,
        principal=request.state.principal,
        csrf_token=getattr(request.state, "csrf_token", None) or "",
        **variables,
    )


def render(
    request: Request, template: str, *, status_code: int = 200, **variables: Any
) -> HTMLResponse:
    principal = request.state.principal
    html = render_text(
        request,
        template,
        menu=menu_for(principal) if principal.session_id is not None else [],
        idle_seconds=request.app.state.idle_seconds,
        **variables,
    )
    headers = {"Cache-Control": "no-store", "Content-Language": i18n.choose_locale(request)}
    return HTMLResponse(html, status_code=status_code, headers=headers)
