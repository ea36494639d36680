"""The generated pages in Bokmål: the site's own words from the Bokmål catalogue, data
texts in Bokmål where written and marked English where not, Bokmål dates.

Expectations come from the catalogue (hooks/ncesite/locale/nb/.../messages.po, read
here with Babel's reader), from the YAML and from literals, never from the views.
"""

from __future__ import annotations

import functools
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import REPO, build, validate
from markupsafe import escape as _escape
from pages import text_of

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


def _english_only_words() -> re.Pattern:
    """Words of four letters or more that the site's English messages use and no Bokmål
    translation does: on a Bokmål page whose data texts are all in Bokmål, such a word is
    English the site wrote itself, whether or not it went through the catalogue (a literal
    typed into a template, such as "per year")."""
    with NB_CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    def words(text: str) -> set[str]:
        # Placeholders, markup, code and link targets are not words a reader sees.
        text = re.sub(r"%\(\w+\)s|\{\w+\}|<[^>]+>|`[^`]*`|\]\([^)]*\)", " ", text or "")
        return {word.casefold() for word in re.findall(r"[^\W\d_]{4,}", text)}

    english, bokmal = set(), set()
    for message in catalogue:
        if not message.id:
            continue
        for text in [message.id] if isinstance(message.id, str) else list(message.id):
            english |= words(text)
        for text in [message.string] if isinstance(message.string, str) else list(message.string):
            bokmal |= words(text)
    # The Bokmål pages' own words are Bokmål whatever English spells the same ("Last ned").
    for page in (REPO / "docs" / "nb").rglob("*.md"):
        # Their prose, not their template code nor the anchors of headings ({ #the-year-by-year }).
        bokmal |= words(re.sub(r"\{[^{}]*\}|\{\{.*?\}\}|\{%.*?%\}", " ", page.read_text(encoding="utf-8")))
    words = sorted(english - bokmal, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])", flags=re.I)


def shown_field_paths(html: str, schema_dir: Path) -> list[str]:
    """Field paths of the data (facts[3], website) shown to readers in brackets, as notes once did."""
    from expected import schema_fields

    names = {path.replace("[]", "").split(".")[0] for kind in ("cluster", "partner", "programme")
             for path in schema_fields(schema_dir, kind)}
    start = html.find("<article")
    content = html[start:html.find("</article>", start)] if start >= 0 else html
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", content)).split())
    pattern = rf"\(\s*(?:{'|'.join(sorted(map(re.escape, names), key=len, reverse=True))})(?:\[\d+\])?(?:\.\w+)?\s*\)"
    return re.findall(pattern, text)


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
    return tuple(sorted(names + list(PROPER_NAMES), key=len, reverse=True))


# Proper names written in their own language in Bokmål text: a licence's.
PROPER_NAMES = ("Creative Commons",)
_ADDRESS = re.compile(r"\S*\w\.(no|com|org|net|eu|json|csv|yml|zip|html)\b\S*")  # web addresses and file names
_PLACEHOLDER = re.compile(r"\{\w+\}")  # in the directory's messages for its script: {n}, {clusters}


def reader_text(html: str) -> str:
    article = html[html.index("<article"):html.index("</article>")]
    parser = _PageText()
    parser.feed(article)
    text = " ".join(" ".join(parser.parts).split())
    for name in _names():
        folded = " ".join(name.split())
        text = text.replace(folded, " ")
        if len(folded) > 12 and folded[:12] in text:  # a name shortened to fit, as a chart's labels are
            text = re.sub(re.escape(folded[:12]) + r"[^…]{0,80}…",
                          lambda m, name=folded: " " if name.startswith(m.group(0)[:-1].rstrip()) else m.group(0), text)
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

    def as_read(page: str) -> str:  # Markdown's link targets and attribute lists are not text a reader sees,
        # and `code` is skipped as in a built page
        return "<article>" + re.sub(r"\]\([^)\s]*\)|\{[:.#][^}]*\}|\{ [.#][^}]*\}|`[^`\n]*`", "]", page) + "</article>"

    return {path: as_read(site.page(path)) for path in site.all_pages()}


def test_no_english_interface_string_on_a_bokmal_page(translated_pages):
    messages = _translated_messages()
    english_words = _english_only_words()
    assert len(messages) > 100  # the catalogue was read
    assert len(translated_pages) > 30
    leaks = {}
    for path, html in translated_pages.items():
        assert "nce-fallback" not in html, path  # every data text has its Bokmål here
        text = reader_text(html)
        found = sorted(english for english, pattern in messages if pattern.search(text))
        found += sorted({word.casefold() for word in english_words.findall(text)})
        if path not in ("reference/data.html", "open-data.html"):  # these name the fields on purpose, in code
            found += shown_field_paths(html, REPO / "data" / "schema")
        if found:
            leaks[path] = found
    assert leaks == {}


def test_the_real_bokmal_pages_name_no_field_by_its_path(built_site):
    """The notes on the facts name a field as readers know it ("Nettsted"), never by its path in
    the data ("facts[3]", "website"), in Bokmål as in English."""
    for root in (built_site, built_site / "nb"):
        for page in sorted(root.glob("*/*.html")):
            if page.parent.name in ("clusters", "partners"):
                assert shown_field_paths(page.read_text(encoding="utf-8"), REPO / "data" / "schema") == [], page
    # The field paths are there, for machines: each note's data-field.
    assert any('data-field="' in p.read_text(encoding="utf-8") for p in (built_site / "nb" / "clusters").glob("*.html"))


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
    # English typed into a template, which no catalogue entry holds, and a field shown by its path.
    typed = "<article><table><caption>Klynger etter nivå og år: klynger per year</caption></table></article>"
    assert _english_only_words().findall(reader_text(typed)) == ["year"]
    note = '<article><ol class="nce-notes"><li><strong>Ubekreftet</strong> (<code>facts[3]</code>): x</li></ol></article>'
    assert shown_field_paths(note, REPO / "data" / "schema") == ["( facts[3] )"]


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


ENGLISH_AREA = "The whole coast of Northern Norway"
# A first paragraph longer than a card's blurb (220 characters), so lists show it shortened.
ENGLISH_FIRST = ("A test cluster described in English only. Its first paragraph is long on purpose: the home "
                 "page's card shows it shortened, and a shortened English text must stay marked as English on "
                 "a Bokmål page, with its note, like the whole one.")
ENGLISH_DESCRIPTION = ENGLISH_FIRST + "\n\nA second paragraph, shown on the cluster's own page only.\n"


@pytest.fixture(scope="module")
def english_only_site(tmp_path_factory):
    """The repository with one more cluster, written in English only."""
    repo = tmp_path_factory.mktemp("english-only") / "repo"
    from conftest import copy_repo

    copy_repo(repo)
    added = {
        "slug": "test-english-only", "name": "Test English Only Cluster", "status": [{"level": "nce", "from": 2016}],
        # No town or county: lists name its area, in English only.
        "region": ENGLISH_AREA, "sectors": ["Education"],
        "description": ENGLISH_DESCRIPTION,
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
    assert re.search(rf'<span lang="en">{re.escape(str(_escape(ENGLISH_FIRST)))}</span> '
                     r'<span class="nce-fallback">\(engelsk\)</span>', html)
    assert re.search(r'<span lang="en">The test cluster held its first meeting\.</span> '
                     r'<span class="nce-fallback">\(engelsk\)</span>', html)
    english = (site / "clusters" / "test-english-only.html").read_text(encoding="utf-8")
    assert "A test cluster described in English only." in english
    assert "nce-fallback" not in english and "(engelsk)" not in english


_MARKED = re.compile(r'<span lang="en">[^<]*</span> <span class="nce-fallback">\(engelsk\)</span>')


def unmarked_english(html: str, english: str) -> int:
    """How often `english` (or its start) is shown in a page's content outside a text marked as
    English with its note; attributes (a link's title, a map marker's name) are left out."""
    start = html.find("<article")
    content = re.sub(r'\s[\w:-]+="[^"]*"', lambda m: m.group(0) if m.group(0).startswith((' lang=', ' class="nce-fallback"'))
                     else "", html[start:html.index("</article>", start)])
    marked = [(m.start(), m.end()) for m in _MARKED.finditer(content)]
    found = [m.start() for m in re.finditer(re.escape(str(_escape(english))), content)]
    return sum(1 for at in found if not any(a <= at < b for a, b in marked))


def test_every_page_that_shows_an_english_only_cluster_marks_its_english(english_only_site):
    """Its description (whole or shortened) and its area, wherever a Bokmål page shows them: the
    home page's cards, the directory, the map's list, other clusters' related lists, its own page."""
    _, site = english_only_site
    shown_on = set()
    for page in sorted((site / "nb").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for english in (ENGLISH_FIRST[:60], ENGLISH_AREA):
            if str(_escape(english)) in html[html.find("<article"):]:
                shown_on.add(page.relative_to(site / "nb").as_posix())
            assert unmarked_english(html, english) == 0, (page, english)
    related = {path for path in shown_on if path.startswith("clusters/") and path not in (
        "clusters/index.html", "clusters/map.html", "clusters/test-english-only.html")}
    assert {"index.html", "clusters/index.html", "clusters/map.html", "clusters/test-english-only.html"} <= shown_on
    assert related, "no related list shows the cluster"
    # Search results too: what a result shows of the English text is marked (the rest of the
    # index, which a result does not show, is plain text).
    import json

    index = json.loads((site / "nb" / "search" / "search_index.json").read_text(encoding="utf-8"))
    shown = [entry["text"] for entry in index["docs"] if entry["location"].startswith("clusters/test-english-only.html")]
    assert shown and any(ENGLISH_FIRST[:40] in text for text in shown)
    for text in shown:
        if ENGLISH_FIRST[:20] in text:
            assert unmarked_english(f"<article>{text}</article>", ENGLISH_FIRST[:20]) == 0, text
    for page in sorted(site.glob("**/*.html")):
        if "nb" not in page.relative_to(site).parts:
            assert "(engelsk)" not in page.read_text(encoding="utf-8"), page


def test_validate_lists_the_english_only_cluster_as_warnings_and_succeeds(english_only_site):
    repo, _ = english_only_site
    result = validate(repo)
    assert result.returncode == 0, result.stderr
    text = (repo / "data" / "clusters" / "test-english-only.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    description_line = next(i for i, line in enumerate(lines, 1) if line.startswith("description:"))
    milestone_line = next(i for i, line in enumerate(lines, 1) if "text: The test cluster" in line)
    region_line = next(i for i, line in enumerate(lines, 1) if line.startswith("region:"))
    warnings = [line for line in result.stderr.splitlines() if "test-english-only.yml" in line]
    assert warnings == [
        f"WARNING: data/clusters/test-english-only.yml:{region_line}: region: no Bokmål text",
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


DOUBLED_NOUN = re.compile(r"\b(?:clusters?|klynger?)[- ](?:clusters?|klynger?)\b", re.IGNORECASE)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_no_page_names_a_level_with_its_noun_twice(built_site, language):
    """A level whose name is itself a kind of cluster ("Mature cluster", "Moden klynge") reads
    as such in every sentence that names a level: never "Mature cluster cluster" or
    "Moden klynge-klynge"."""
    root = built_site / "nb" if language == "nb" else built_site
    pages = {str(p.relative_to(built_site)): p.read_text(encoding="utf-8") for p in root.rglob("*.html")
             if language == "nb" or "nb" not in p.relative_to(root).parts}
    pages = {path: html for path, html in pages.items() if "<article" in html}  # not the web editor's page
    assert len(pages) > 50
    doubled = {path: match.group(0) for path, html in pages.items()
               if (match := DOUBLED_NOUN.search(reader_text(html)))}
    assert doubled == {}


def test_no_bokmal_page_gives_a_date_in_english(built_site):
    """Dates on Bokmål pages are in Bokmål, wherever a page prints one: "juni 2014", never "June 2014"
    (source titles and other names, which stay as written, are left out of the text read)."""
    english_date = re.compile(r"\b(?:" + "|".join(MONTHS["en"]) + r") \d{4}\b")
    pages = {p: p.read_text(encoding="utf-8") for p in (built_site / "nb").rglob("*.html")}
    found = {str(p.relative_to(built_site)): match.group(0) for p, html in pages.items()
             if "<article" in html and (match := english_date.search(reader_text(html)))}
    assert found == {}


def _partner_files() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "data" / "partners").glob("*.yml"))]


def test_a_bokmal_page_names_each_partner_by_its_norwegian_name(built_site):
    """On Bokmål pages a partner is headed and listed by its Norwegian name, with its English name
    beside it marked as English; English pages the other way round."""
    partners = _partner_files()
    assert partners
    cards = {code: (built_site / prefix / "partners" / "index.html").read_text(encoding="utf-8")
             for code, prefix in (("en", ""), ("nb", "nb"))}
    for partner in partners:
        english = partner["name"] + (f" ({partner['full_name']})" if partner.get("full_name") else "")
        page = (built_site / "nb" / "partners" / f"{partner['slug']}.html").read_text(encoding="utf-8")
        assert f'<h1 class="nce-title">{_escape(partner["name_no"])}</h1>' in page
        assert f"<title>{_escape(partner['name_no'])} - " in page
        assert f'<span lang="en">{_escape(english)}</span>' in page
        assert f'<span class="nce-card__name">{_escape(partner["name_no"])}</span>' in cards["nb"]
        assert f'<span lang="en">{_escape(english)}</span>' in cards["nb"]
        page = (built_site / "partners" / f"{partner['slug']}.html").read_text(encoding="utf-8")
        assert f'<h1 class="nce-title">{_escape(english)}</h1>' in page
        assert f'<span class="nce-card__name">{_escape(english)}</span>' in cards["en"]
        assert f'<span lang="nb">{_escape(partner["name_no"])}</span>' in cards["en"]


def test_a_list_of_former_names_ends_with_and_in_the_page_language(built_site):
    """ "Formerly Arena Torsk and Arena Fish 365.", "Tidligere Arena Torsk og Arena Fish 365.":
    two names read as two, not as one name with a comma in it."""
    checked = 0
    for path in sorted((REPO / "data" / "clusters").glob("*.yml")):
        names = yaml.safe_load(path.read_text(encoding="utf-8")).get("former_names") or []
        if len(names) != 2:
            continue
        for prefix, sentence in (("", "Formerly {} and {}."), ("nb", "Tidligere {} og {}.")):
            html = (built_site / prefix / "clusters" / f"{path.stem}.html").read_text(encoding="utf-8")
            assert str(_escape(sentence.format(*names))) in html, path.stem
        checked += 1
    assert checked


def test_a_bokmal_definition_is_not_followed_by_its_own_name(built_site):
    html = (built_site / "nb" / "concepts.html").read_text(encoding="utf-8")
    headings = [text_of(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)]
    assert headings
    doubled = [h for h in headings if (m := re.fullmatch(r"(.+?) \((.+)\)", h)) and m[1].casefold() == m[2].casefold()]
    assert doubled == []


def test_a_directory_group_of_several_clusters_at_a_level_is_titled_in_the_plural(built_site):
    """ "Modne klynger" over the mature clusters, from the registry's plural (a level's `other`)."""
    programme = yaml.safe_load((REPO / "data" / "programme.yml").read_text(encoding="utf-8"))
    plural = {level["id"]: level["other"] for level in programme["levels"] if level.get("other")}
    assert plural
    for prefix, code in (("", "en"), ("nb", "nb")):
        html = (built_site / prefix / "clusters" / "index.html").read_text(encoding="utf-8")
        for level, names in plural.items():
            section = re.search(rf'<section[^>]*\bid="group-{level}"[^>]*>(.*?)</section>', html, flags=re.S)
            if section is None or section.group(1).count("data-slug=") < 2:
                continue
            heading = re.search(r"<h2[^>]*>(.*?)</h2>", section.group(1), flags=re.S).group(1)
            assert text_of(heading) == names[code], (code, level)
