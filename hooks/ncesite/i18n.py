"""The site's languages: message catalogues and locale formatting (dates, numbers, lists).

Strings the site writes itself are marked for translation (`_()` in templates, `N_()`
or `gettext()` in Python) and translated from one catalogue per language,
`hooks/ncesite/locale/<code>/LC_MESSAGES/messages.po`. The catalogues are compiled in
memory when first used (no .mo files to keep in step). To add or update strings:

    pybabel extract -F babel.cfg -k N_ --no-location --sort-output --project nce-site \
        -o hooks/ncesite/locale/messages.pot .
    pybabel update -i hooks/ncesite/locale/messages.pot -d hooks/ncesite/locale --no-fuzzy-matching
    pybabel init -i hooks/ncesite/locale/messages.pot -d hooks/ncesite/locale -l <code>  # a new language

then translate the new entries in each messages.po. Knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_skeleton
from babel.lists import format_list as _babel_format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import pass_context
from markupsafe import Markup

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - the usual name of the marker pybabel looks for
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47 tag: <html lang>, hreflang, theme.language, the catalogue's folder
    native_name: str  # the language's name in itself, shown in the language switcher
    locale: str  # Babel and Open Graph locale
    prefix: str  # where its pages live in the site: "" (the root) or "nb/"
    read_in: str  # the switcher's title, in the language of the page it is shown on


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "en_GB", "", N_("Read this page in English")),
    Language("nb", "Norsk", "nb_NO", "nb/", N_("Read this page in Norwegian Bokmål")),
)
DEFAULT_LANGUAGE = LANGUAGES[0]
_BY_CODE = {language.code: language for language in LANGUAGES}


def language(code: str) -> Language:
    """The language with this code; a clear error for any other."""
    try:
        return _BY_CODE[code]
    except KeyError:
        known = ", ".join(_BY_CODE)
        raise ValueError(f"unknown language {code!r}: expected one of {known}") from None


@cache
def catalogue_path(code: str) -> Path:
    return LOCALE_DIR / language(code).code / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(code: str) -> Translations:
    """gettext translations for a language (English: the messages as written)."""
    # Called for every message and page: one stat, no path building.
    path = catalogue_path(code)
    try:
        modified = os.stat(path).st_mtime_ns
    except OSError:
        modified = 0
    return _compiled(path, modified)


@lru_cache(maxsize=8)
def _compiled(path: Path, _mtime: int) -> Translations:
    # The modification time is part of the key, so `mkdocs serve` sees an edited catalogue.
    if not path.exists():
        return Translations()
    with path.open("rb") as source:
        catalogue = read_po(source, locale=path.parent.parent.name)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)  # fuzzy entries are left out, as `pybabel compile` does
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def gettext(code: str, message: str) -> str:
    return translations(code).gettext(message)


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(language(code).locale)


# Dates are formatted again and again (the same few thousand days on every page and in
# both languages): each one once per process. The formats come with Babel, not the site.
@lru_cache(maxsize=8192)
def format_date(value: datetime.date, code: str) -> str:
    """A full date: "8 November 2018" in English, "8. november 2018" in Bokmål."""
    return _babel_format_date(value, format="long", locale=_locale(code))


def format_number(value: int | float, code: str) -> str:
    """Grouped digits: "1,234" in English, "1 234" (no-break space) in Bokmål."""
    return format_decimal(value, locale=_locale(code))


def format_list(items: list[str], code: str, style: str = "standard") -> str:
    """"a, b and c" in English, "a, b og c" in Bokmål; style "or" gives "a, b or c"."""
    return _babel_format_list(list(items), style=style, locale=_locale(code))


def install(env, code: str) -> None:
    """Give a Jinja environment the language's messages (`_()`, `ngettext()`, `{% trans %}`)
    and its formatting filters (`format_date`, `format_number`, `format_list`)."""
    env.add_extension("jinja2.ext.i18n")
    messages = translations(code)
    env.install_gettext_translations(messages, newstyle=True)
    if os.environ.get("NCE_FAST_PATHS") != "0":
        # `_()` and `{% trans %}` as the extension's new-style gettext makes them (the message
        # translated, made Markup where escaping is on, then `%` with its values), in one call
        # instead of three, and a message without values made once.
        env.globals["_"] = env.globals["gettext"] = _template_gettext(messages.gettext)
    env.filters["format_date"] = lambda value: format_date(value, code)
    env.filters["format_number"] = lambda value: format_number(value, code)
    env.filters["format_list"] = lambda items, style="standard": format_list(items, code, style)


def _template_gettext(translate):
    made: dict[tuple[bool, str], str] = {}  # the messages without values

    def make(message: str, autoescape: bool, values: dict) -> str:
        text = translate(message)
        return (Markup(text) if autoescape else text) % values

    @pass_context
    def gettext(context, message: str, /, **values) -> str:
        autoescape = context.eval_ctx.autoescape
        if values:
            return make(message, autoescape, values)
        key = (autoescape, message)
        found = made.get(key)
        if found is None:
            found = made[key] = make(message, autoescape, values)
        return found

    return gettext


@lru_cache(maxsize=8192)
def format_partial_date(year: int, month: int | None, day: int | None, code: str) -> str:
    """A date as precise as it is known: "8 November 2018", "November 2018" or "2018" in
    English; "8. november 2018", "november 2018" or "2018" in Bokmål."""
    if day:
        return format_date(datetime.date(year, month, day), code)
    if month:
        return format_skeleton("yMMMM", datetime.date(year, month, 1), locale=_locale(code))
    return str(year)


@dataclass(frozen=True)
class Words:
    """The site's own words and formats in one language, for the Python that writes text
    (views and charts). Messages are marked with `_ = words.gettext` so pybabel finds them."""

    code: str = "en"

    def gettext(self, message: str) -> str:
        return translations(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.code).ngettext(singular, plural, count)

    def date(self, value) -> str:
        """A model.PartialDate (or a datetime.date) in this language."""
        if isinstance(value, datetime.date):
            return format_date(value, self.code)
        return format_partial_date(value.year, value.month, value.day, self.code)

    def number(self, value: int | float) -> str:
        return format_number(value, self.code)

    def list(self, items, style: str = "standard") -> str:
        return format_list(list(items), self.code, style)


ENGLISH = Words("en")
