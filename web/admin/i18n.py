"""Khmer and English: the chosen language, the catalogues, and dates in Phnom Penh time.

English is the source language: the text in templates and code is English, and Khmer comes from
the gettext catalogues in ``web/locale/km/*.po`` (one file per area of the admin, merged at
start-up, so that each area's strings sit beside each other). The catalogues are compiled in
memory when the process starts; no binary ``.mo`` file is kept in the repository.

The language is the ``ecrime_lang`` cookie when set (the switch in the page header sets it for a
year), else the browser's Accept-Language, else Khmer: the people who enter the data read Khmer.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from starlette.requests import Request

from web.settings import PROJECT_ROOT

LOCALES = ("km", "en")
DEFAULT_LOCALE = "km"
COOKIE = "ecrime_lang"
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
CATALOGUES = PROJECT_ROOT / "web" / "locale"


def N_(message: str) -> str:
    """Marks text that is translated later, where it is shown (menu labels, flash messages)."""
    return message


def load_translations(locale: str, folder: Path = CATALOGUES) -> NullTranslations:
    """Every catalogue of ``locale`` merged into one; English needs none."""
    files = sorted((folder / locale).glob("*.po"))
    if not files:
        return NullTranslations()
    merged: Translations | None = None
    for path in files:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        translations = Translations(compiled)
        if merged is None:
            merged = translations
        else:
            merged.merge(translations)
    assert merged is not None
    return merged


def choose_locale(request: Request) -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LOCALES:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag[:2] in LOCALES:
            return tag[:2]
    return DEFAULT_LOCALE


def when(value: datetime | None, locale: str, style: str = "medium") -> str:
    """A moment in Phnom Penh time, in the reader's language."""
    if value is None:
        return ""
    return format_datetime(value, style, tzinfo=PHNOM_PENH, locale=Locale.parse(locale))


def day(value: date | None, locale: str, style: str = "medium") -> str:
    if value is None:
        return ""
    return format_date(value, style, locale=Locale.parse(locale))


def local(value: datetime) -> datetime:
    return value.astimezone(PHNOM_PENH)
