"""Where the site is published and which repository it is built from.

mkdocs.yml takes the three from the environment, with the main repository's values as
defaults, so a fork that builds in GitHub Actions publishes under its own address and
edits its own repository (the workflows set the variables from the Pages settings and
`github.repository`):

    NCE_SITE_URL   the published site, ending in /       (site_url)
    NCE_REPO_URL   the repository on GitHub              (repo_url)
    NCE_EDIT_URI   where "Edit this page" opens docs/    (edit_uri)
    NCE_CMS_AUTH_URL  the OAuth client the web editor signs in through (extra.cms_auth_url;
                   none by default: CONTRIBUTING.md, "Set up the web editor")

This module reads them the way MkDocs does, from mkdocs.yml, for what runs outside a
MkDocs build: the command line (`python -m ncesite changes`) and the generator when the
engine passes no repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class SiteAddress:
    site_url: str
    repo_url: str
    edit_uri: str
    cms_auth_url: str = ""


def from_config(config_file: Path = REPO / "mkdocs.yml") -> SiteAddress:
    """The addresses mkdocs.yml gives in this environment."""
    from mkdocs.utils.yaml import yaml_load  # reads !ENV as MkDocs does

    with open(config_file, encoding="utf-8") as stream:
        config = yaml_load(stream)
    return SiteAddress(site_url=config.get("site_url") or "", repo_url=config.get("repo_url") or "",
                       edit_uri=config.get("edit_uri") or "",
                       cms_auth_url=(config.get("extra") or {}).get("cms_auth_url") or "")
