"""Every internal link and reference in the built site points at something that exists.

Each HTML file is parsed once. Every href/src/srcset (and SVG <use> reference) that
stays on the site, whether relative ("../clusters/x.html#status") or root-relative
("/nce-site/clusters/x.html"), must resolve to a file in the site, and a fragment
must name an element id (or <a name>) in the target page. External links
(http, https, mailto, tel, data, javascript, //host) are not checked here; the
scheduled .ci/check_external_links.py checks the external addresses in data/.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from published import site_url

# Attributes that hold one address, by element ("*" for any element).
LINK_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "base": ("href",),
    "img": ("src",), "script": ("src",), "iframe": ("src",), "embed": ("src",), "source": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "input": ("src",),
    "object": ("data",), "form": ("action",), "use": ("href", "xlink:href"), "image": ("href", "xlink:href"),
}
SRCSET_TAGS = {"img", "source"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript", "ftp", "news", "irc", "sms"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, int]] = []  # (tag, address, line)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id",):
            if values.get(name):
                self.ids.add(values[name])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        line = self.getpos()[0]
        for name in LINK_ATTRS.get(tag, ()):
            value = values.get(name)
            if value is not None:
                self.links.append((tag, value.strip(), line))
        if tag in SRCSET_TAGS and values.get("srcset"):
            for candidate in values["srcset"].split(","):
                address = candidate.strip().split(" ")[0]
                if address:
                    self.links.append((tag, address, line))

    handle_startendtag = handle_starttag


def _site_base_path() -> str:
    """The path part of site_url ("/nce-site/"), which root-relative links start with."""
    path = urlsplit(site_url() or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def _parse_site(site: Path) -> dict[str, _PageParser]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = _PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[path.relative_to(site).as_posix()] = parser
    return pages


def _is_external(address: str) -> bool:
    if address.startswith("//"):
        return True
    scheme = urlsplit(address).scheme.lower()
    return bool(scheme) and (scheme in EXTERNAL_SCHEMES or len(scheme) > 1)


def broken_links(site: Path) -> list[str]:
    base = _site_base_path()
    pages = _parse_site(site)
    problems: list[str] = []
    for page, parsed in pages.items():
        page_dir = posixpath.dirname(page)
        for tag, address, line in parsed.links:
            if not address or _is_external(address):
                continue
            parts = urlsplit(address)
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            where = f"{page}:{line} <{tag}> {address!r}"
            if not path:  # "#id" or "?query#id": this page
                target = page
            else:
                if path.startswith("/"):
                    if not path.startswith(base) and path + "/" != base:
                        problems.append(f"{where}: root-relative link outside the site's base path {base}")
                        continue
                    resolved = path[len(base):] if path.startswith(base) else ""
                else:
                    resolved = posixpath.join(page_dir, path)
                target = posixpath.normpath(resolved) if resolved else "."
                if target == "." or target.startswith(".."):
                    if target.startswith(".."):
                        problems.append(f"{where}: points above the site root")
                        continue
                    target = ""
                file = site / target if target else site
                if file.is_dir():
                    target = posixpath.join(target, "index.html") if target else "index.html"
                    file = site / target
                if not file.is_file():
                    problems.append(f"{where}: no file {target}")
                    continue
            if fragment and target.endswith(".html"):
                if target not in pages:
                    continue
                if fragment not in pages[target].ids:
                    problems.append(f"{where}: {target} has no element with id {fragment!r}")
    return problems


def test_every_internal_link_resolves(built_site):
    problems = broken_links(built_site)
    assert not problems, f"{len(problems)} broken internal link(s):\n" + "\n".join(problems)


def test_the_checker_finds_broken_links(tmp_path):
    """The check itself works: a missing file, a missing anchor and an escape are caught."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/page.html#here">ok</a> <a href="sub/page.html#gone">bad anchor</a>'
        '<a href="missing.html">bad file</a> <a href="#top">bad local</a> <p id="x"></p>'
        '<a href="https://example.org/x">external</a> <img src="../outside.png">'
        '<a href="sub/">dir</a> <a href="mailto:a@b.no">m</a> <a href="#x">ok local</a>', encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text('<h2 id="here">Here</h2><a href="../index.html#x">back</a>',
                                                encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text("<p>dir</p>", encoding="utf-8")
    problems = broken_links(tmp_path)
    assert len(problems) == 4, problems
    assert any("'sub/page.html#gone'" in p and "no element with id 'gone'" in p for p in problems)
    assert any("no file missing.html" in p for p in problems)
    assert any("'#top'" in p for p in problems)
    assert any("above the site root" in p for p in problems)
