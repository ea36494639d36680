"""The published output, read the same way whether MkDocs built it or the generator
made it in this process (which is fast enough for mutation testing).

Both give the files under open-data/ and tell whether a site path such as
clusters/x.html is a page of the site, and what that page holds.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import REPO


def mkdocs_settings(repo: Path = REPO) -> dict:
    """mkdocs.yml as MkDocs reads it: `!ENV` values from the environment, else their defaults."""
    from mkdocs.utils.yaml import yaml_load

    with open(repo / "mkdocs.yml", encoding="utf-8") as stream:
        return yaml_load(stream)


def site_url(repo: Path = REPO) -> str:
    url = mkdocs_settings(repo).get("site_url") or ""
    return url if url.endswith("/") or not url else url + "/"


def without_front_matter(markdown: str) -> str:
    """The page body: MkDocs reads the front matter as page settings, not as content."""
    if markdown.startswith("---\n"):
        return markdown.split("\n---\n", 1)[1]
    return markdown


class BuiltSite:
    """A site written by `mkdocs build`."""

    def __init__(self, root: Path):
        self.root = root

    def file(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def has(self, path: str) -> bool:
        return (self.root / path).is_file()

    def page(self, path: str) -> str:
        return self.file(path)

    def all_pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def jsonld(self, path: str) -> list[dict]:
        """The schema.org data in the page's head."""
        import json

        return [json.loads(block) for block in
                re.findall(r'<script type="application/ld\+json">(.*?)</script>', self.file(path), flags=re.S)]


class GeneratedSite:
    """The generator's pages and files, made in this process from a data folder (no MkDocs)."""

    def __init__(self, repo: Path = REPO, url: str | None = None, data_dir: Path | None = None, language: str = "en"):
        import jinja2

        from ncesite import generate, gitdates
        from ncesite.loader import load_site_data
        from ncesite.schemas import load_all_schemas

        self.generate = generate
        # The Bokmål edition's hand-written pages are in docs/nb/, as mkdocs.nb.yml reads them.
        self.docs = repo / "docs" if language == "en" else repo / "docs" / language
        data = load_site_data(data_dir or repo / "data")
        self.env = generate.make_environment(jinja2.FileSystemLoader([str(repo / "overrides")]), language)
        # The dates each data file last changed, as the MkDocs plugin reads them from Git.
        changed = gitdates.last_changed((data_dir or repo / "data").parent)
        self.build = generate.generate_site(data, self.env, site_url=site_url(repo) if url is None else url,
                                            schemas=load_all_schemas((data_dir or repo / "data") / "schema"),
                                            language=language, changed=changed)
        self.files = {f.path: f.content for f in self.build.files}
        self.pages = {re.sub(r"\.md$", ".html", p.path): p.content for p in self.build.pages}
        handwritten = self.docs.rglob("*.md")
        self.handwritten = {p.relative_to(self.docs).with_suffix(".html").as_posix() for p in handwritten}

    def file(self, path: str) -> str:
        content = self.files[path]
        return content if isinstance(content, str) else content.decode("utf-8")

    def has(self, path: str) -> bool:
        return path in self.files or path in self.pages or path in self.handwritten

    def page(self, path: str) -> str:
        """A generated page's body, or a hand-written page rendered with the data (Markdown left as is)."""
        if path in self.pages:
            return self.pages[path]
        source = without_front_matter((self.docs / path).with_suffix(".md").read_text(encoding="utf-8"))
        # The values printed as they are (not as tokens for Markdown): the page as its template made it.
        markdown, blocks = self.generate.render_handwritten(source, self.env, self.env, self.build.page_context,
                                                            "../" * path.count("/"))
        return self.generate.join_html_blocks(markdown, blocks)

    def all_pages(self) -> list[str]:
        return sorted(self.pages) + sorted(p for p in self.handwritten if not p.startswith(("nb/", "assets/")))

    def jsonld(self, path: str) -> list[dict]:
        """The schema.org data the generator gives the page (MkDocs puts it in the page's head)."""
        import json

        page = next(p for p in self.build.pages if re.sub(r"\.md$", ".html", p.path) == path)
        return [json.loads(page.meta["jsonld"])] if "jsonld" in page.meta else []


_MADE: dict[tuple, GeneratedSite] = {}


def generated(repo: Path = REPO, data_dir: Path | None = None, language: str = "en") -> GeneratedSite:
    """The generator's output for a data folder, made once per process.

    Fixtures that use this are function-scoped on purpose: while mutmut records which
    tests reach which code (MUTANT_UNDER_TEST=stats), every test makes its own, so each
    is counted as reaching the generator; otherwise one per process and mutant is enough
    (mutmut forks each mutant's process from one that may already hold clean output).
    """
    mutant = os.environ.get("MUTANT_UNDER_TEST")  # a mutant's process must not reuse the clean output
    key = (repo, data_dir, language, mutant)
    if key not in _MADE or mutant == "stats":
        _MADE[key] = GeneratedSite(repo, data_dir=data_dir, language=language)
    return _MADE[key]
