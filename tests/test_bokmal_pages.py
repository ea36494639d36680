"""The generated pages in Bokmål: the site's own words from the Bokmål catalogue, data
texts in Bokmål where written and marked English where not, Bokmål dates.

Expectations come from the catalogue (hooks/ncesite/locale/nb/.../messages.po, read
here with Babel's reader), from the YAML and from literals, never from the views.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import REPO, build, validate

NB_CATALOGUE = REPO / "hooks" / "ncesite" / "locale" / "nb" / "LC_MESSAGES" / "messages.po"


def _translated_messages() -> list[tuple[str, re.Pattern]]:
    """Each message (singular and plural) whose Bokmål differs from the English, as a pattern
    of its fixed words: placeholders match any text, markup is left out."""
    with NB_CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for english, bokmal in zip(ids, strings):
            if not bokmal or bokmal == english:
                continue
            words = re.sub(r"<[^>]+>", " ", english)
            pieces = [" ".join(piece.split()) for piece in re.split(r"%\(\w+\)s|\{\w+\}", words)]
            while pieces and not pieces[0].strip(" .,:;()"):
                pieces.pop(0)  # a placeholder at either end needs no text of its own
            while pieces and not pieces[-1].strip(" .,:;()"):
                pieces.pop()
            if len(re.sub(r"\W", "", "".join(pieces))) < 2:
                continue
            pattern = r"\s*.{1,200}?\s*".join(re.escape(piece) for piece in pieces)
            found.append((english, re.compile(r"(?<![\w-])" + pattern + r"(?![\w-])")))
    return found


class _PageText(HTMLParser):
    """The text a reader gets from a page's article, and the labels of its controls, leaving out
    what is marked as English (lang="en" and its note), code, scripts and the list of sources."""

    SKIP_CLASSES = ("nce-fallback", "nce-sources", "nce-url")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.append(tag)
            return
        classes = (attributes.get("class") or "").split()
        if (tag in ("script", "style", "code") or attributes.get("lang") not in (None, "nb")
                or any(c in classes for c in self.SKIP_CLASSES)):
            if tag not in ("br", "img", "input", "meta", "link"):
                self.skipping.append(tag)
            return
        for name in ("aria-label", "data-label", "placeholder") + tuple(a for a in attributes if a.startswith("data-msg-")):
            if attributes.get(name):
                self.parts.append(attributes[name])

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


@functools.cache
def _names() -> tuple[str, ...]:
    """Names and other single-language facts in data/: written once, shown as they are."""
    names = []
    for path in sorted((REPO / "data").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("name", "short_name", "name_no", "full_name", "organisation", "city"):
            if isinstance(data.get(key), str):
                names.append(data[key])
        names += [n for n in data.get("former_names") or () if isinstance(n, str)]
        names += [s["title"] for s in data.get("sources") or () if isinstance(s, dict) and s.get("title")]
    return tuple(sorted(names, key=len, reverse=True))


_ADDRESS = re.compile(r"\S*\w\.(no|com|org|net|eu|json|csv|yml|zip|html)\b\S*")  # web addresses and file names
_PLACEHOLDER = re.compile(r"\{\w+\}")  # in the directory's messages for its script: {n}, {clusters}


def reader_text(html: str) -> str:
    article = html[html.index("<article"):html.index("</article>")]
    parser = _PageText()
    parser.feed(article)
    text = " ".join(" ".join(parser.parts).split())
    for name in _names():
        text = text.replace(" ".join(name.split()), " ")
    return _PLACEHOLDER.sub(" ", _ADDRESS.sub(" ", text))


BOKMAL_STAND_IN = "tekst på bokmål"


def _with_one_bokmal_text(repo: Path) -> None:
    """Make the Bokmål text of every prose value in repo/data one stand-in, so that whatever
    English is left on a Bokmål page is the site's own words (and Bokmål written in the
    data, where "To" means two, cannot pass for an English label)."""
    from ncesite.schemas import load_all_schemas, prose_fields

    schemas = load_all_schemas(repo / "data" / "schema")

    def fill(node, parts):
        if not parts:
            return {"en": node["en"] if isinstance(node, dict) else node, "nb": BOKMAL_STAND_IN}
        head, rest = parts[0], parts[1:]
        if head == "*" and isinstance(node, list):
            return [fill(item, rest) for item in node]
        if isinstance(node, dict) and head in node:
            node[head] = fill(node[head], rest)
        return node

    for kind, paths in (("programme", [repo / "data" / "programme.yml"]),
                        ("partner", sorted((repo / "data" / "partners").glob("*.yml"))),
                        ("cluster", sorted((repo / "data" / "clusters").glob("*.yml")))):
        for path in paths:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for pattern in prose_fields(schemas, kind):
                data = fill(data, pattern.split("."))
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def translated_repo(tmp_path_factory) -> Path:
    """A copy of the repository in which every prose value has its Bokmål text."""
    from conftest import copy_repo

    repo = copy_repo(tmp_path_factory.mktemp("translated") / "repo")
    _with_one_bokmal_text(repo)
    return repo


@pytest.fixture(scope="module")
def translated_site(translated_repo) -> Path:
    """The site built from that copy."""
    site = translated_repo.parent / "site"
    result = build(translated_repo, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(params=["built", "generated"])
def translated_pages(request, translated_repo) -> dict[str, str]:
    """The Bokmål pages of that copy (path -> HTML): as MkDocs built them, and as the generator
    makes them in this process (the form the mutation run uses; there a page is its body alone)."""
    if request.param == "built":
        root = request.getfixturevalue("translated_site") / "nb"
        return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(root.rglob("*.html")) if p.name != "404.html"}
    from published import generated

    site = generated(data_dir=translated_repo / "data", language="nb")

    def as_read(page: str) -> str:  # Markdown's link targets and attribute lists are not text a reader sees
        return "<article>" + re.sub(r"\]\([^)\s]*\)|\{[:.#][^}]*\}|\{ [.#][^}]*\}", "]", page) + "</article>"

    return {path: as_read(site.page(path)) for path in site.all_pages()}


def test_no_english_interface_string_on_a_bokmal_page(translated_pages):
    messages = _translated_messages()
    assert len(messages) > 100  # the catalogue was read
    assert len(translated_pages) > 30
    leaks = {}
    for path, html in translated_pages.items():
        assert "nce-fallback" not in html, path  # every data text has its Bokmål here
        text = reader_text(html)
        found = sorted(english for english, pattern in messages if pattern.search(text))
        if found:
            leaks[path] = found
    assert leaks == {}


def test_every_fallback_on_the_real_bokmal_pages_is_marked(built_site):
    """On the pages built from the real data, English data texts appear only inside a lang="en"
    element followed by the note; the English pages have no such note."""
    for page in sorted((built_site / "nb" / "clusters").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        notes = html.count('<span class="nce-fallback">(engelsk)</span>')
        marked = len(re.findall(r'<span lang="en">[^<]*</span> <span class="nce-fallback">\(engelsk\)</span>', html))
        assert notes == marked, page
    for page in sorted((built_site / "clusters").glob("*.html")):
        assert "nce-fallback" not in page.read_text(encoding="utf-8")


def test_the_check_finds_an_english_string_left_on_a_bokmal_page():
    """The check above can fail: the same text with one English label in it."""
    messages = _translated_messages()
    page = "<article><dl><dt>Fylke</dt><dd>Vestland</dd><dt>Sectors</dt><dd>Energi</dd></dl></article>"
    assert [english for english, pattern in messages if pattern.search(reader_text(page))] == ["Sectors"]
    marked = '<article><p><span lang="en">Sectors of the economy</span> <span class="nce-fallback">(engelsk)</span></p></article>'
    assert [english for english, pattern in messages if pattern.search(reader_text(marked))] == []


def _cluster_file(slug: str) -> dict:
    return yaml.safe_load((REPO / "data" / "clusters" / f"{slug}.yml").read_text(encoding="utf-8"))


def test_a_bokmal_cluster_page_gives_its_dates_in_bokmal(built_site):
    # A cluster whose level period starts on a known day: the status table gives that day in Bokmål.
    months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
              "november", "desember"]
    for path in sorted((REPO / "data" / "clusters").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        day = next((str(p["from"]) for p in data["status"] if re.fullmatch(r"\d{4}-\d\d-\d\d", str(p["from"]))), None)
        if day:
            break
    year, month, date = (int(x) for x in day.split("-"))
    html = (built_site / "nb" / "clusters" / f"{path.stem}.html").read_text(encoding="utf-8")
    assert f"{date}. {months[month - 1]} {year}" in html
    english = (built_site / "clusters" / f"{path.stem}.html").read_text(encoding="utf-8")
    assert f"{date}. {months[month - 1]} {year}" not in english


MONTHS = {"en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"),
          "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
                 "november", "desember")}


def test_the_as_of_date_is_in_bokmal_on_a_cluster_page(built_site):
    as_of = str(yaml.safe_load((REPO / "data" / "programme.yml").read_text(encoding="utf-8"))["as_of"])
    year, month, day = (int(x) for x in as_of.split("-"))
    html = (built_site / "nb" / "clusters" / "nce-media.html").read_text(encoding="utf-8")
    assert f"{day}. {MONTHS['nb'][month - 1]} {year}" in html
    assert f"{day} {MONTHS['en'][month - 1]} {year}" not in reader_text(html)


@pytest.fixture(scope="module")
def english_only_site(tmp_path_factory):
    """The repository with one more cluster, written in English only."""
    repo = tmp_path_factory.mktemp("english-only") / "repo"
    from conftest import copy_repo

    copy_repo(repo)
    added = {
        "slug": "test-english-only", "name": "Test English Only Cluster", "status": [{"level": "nce", "from": 2016}],
        "city": "Tromsø", "county": "Troms", "coordinates": {"lat": 69.65, "lon": 18.96}, "sectors": ["Energy"],
        "description": "A test cluster described in English only.",
        "milestones": [{"date": "2017-05", "text": "The test cluster held its first meeting."}],
        "sources": [{"url": "https://example.no/test"}],
    }
    (repo / "data" / "clusters" / "test-english-only.yml").write_text(
        yaml.safe_dump(added, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = repo.parent / "site"
    result = build(repo, site)
    assert result.returncode == 0, result.stderr
    return repo, site


def test_a_cluster_in_english_only_builds_and_its_bokmal_page_marks_the_english(english_only_site):
    _, site = english_only_site
    html = (site / "nb" / "clusters" / "test-english-only.html").read_text(encoding="utf-8")
    assert re.search(r'<span lang="en">A test cluster described in English only\.</span> '
                     r'<span class="nce-fallback">\(engelsk\)</span>', html)
    assert re.search(r'<span lang="en">The test cluster held its first meeting\.</span> '
                     r'<span class="nce-fallback">\(engelsk\)</span>', html)
    english = (site / "clusters" / "test-english-only.html").read_text(encoding="utf-8")
    assert "A test cluster described in English only." in english
    assert "nce-fallback" not in english and "(engelsk)" not in english


def test_validate_lists_the_english_only_cluster_as_warnings_and_succeeds(english_only_site):
    repo, _ = english_only_site
    result = validate(repo)
    assert result.returncode == 0, result.stderr
    text = (repo / "data" / "clusters" / "test-english-only.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    description_line = next(i for i, line in enumerate(lines, 1) if line.startswith("description:"))
    milestone_line = next(i for i, line in enumerate(lines, 1) if "text: The test cluster" in line)
    warnings = [line for line in result.stderr.splitlines() if "test-english-only.yml" in line]
    assert warnings == [
        f"WARNING: data/clusters/test-english-only.yml:{description_line}: description: no Bokmål text",
        f"WARNING: data/clusters/test-english-only.yml:{milestone_line}: milestones[0].text: no Bokmål text",
    ]


def test_generated_addresses_are_the_same_under_nb(built_site):
    for path in sorted((REPO / "data" / "clusters").glob("*.yml")):
        assert (built_site / "nb" / "clusters" / f"{path.stem}.html").is_file()
    for path in sorted((REPO / "data" / "partners").glob("*.yml")):
        assert (built_site / "nb" / "partners" / f"{path.stem}.html").is_file()
    assert (built_site / "nb" / "reference" / "data.html").is_file()


def test_bokmal_open_data_has_the_same_clusters_and_columns(built_site):
    english = (built_site / "open-data" / "clusters.csv").read_text(encoding="utf-8").splitlines()
    bokmal = (built_site / "nb" / "open-data" / "clusters.csv").read_text(encoding="utf-8").splitlines()
    assert english[0] == bokmal[0] and len(english) == len(bokmal)


def test_the_directory_hands_its_messages_to_the_script_in_bokmal(built_site):
    html = (built_site / "nb" / "clusters" / "index.html").read_text(encoding="utf-8")
    assert 'data-msg-one="{n} klynge"' in html and 'data-msg-many="{n} klynger"' in html
    assert 'data-msg-all="Viser alle {clusters}."' in html


def test_the_sector_names_are_the_schemas_sectors():
    """Each sector of the schema has its name in the catalogue (wording.SECTOR_NAMES marks them)."""
    import json

    from ncesite.wording import SECTOR_NAMES

    schema = json.loads((REPO / "data" / "schema" / "common.schema.json").read_text(encoding="utf-8"))
    assert sorted(SECTOR_NAMES) == sorted(schema["$defs"]["sector"]["enum"])
