"""The built site is valid HTML by the Nu HTML Checker (see tests/check_html.py).

Runs only where Java and vnu.jar are present: `tests/check_html.py --install` (run by
.ci/run) fetches the checker; tests never download anything themselves.
"""

from __future__ import annotations

import os

import check_html
import pytest


def _unavailable(reason: str):
    # In CI, .ci/run installs the checker, so a missing one is a failure, not a skip.
    (pytest.fail if os.environ.get("CI") else pytest.skip)(reason)


def test_site_is_valid_html(built_site):
    if not check_html.java_command():
        _unavailable("Java is not installed; the Nu HTML Checker needs Java 17 or later")
    jar = check_html.find_jar()
    if jar is None:
        _unavailable("vnu.jar not found; run `.venv/bin/python tests/check_html.py --install` or set VNU_JAR")
    errors, _ = check_html.check(built_site, jar)
    if errors:
        pytest.fail(f"{len(errors)} HTML error(s):\n" + check_html.report(errors, built_site), pytrace=False)


def test_allowlist_only_matches_materials_toggles():
    """An allowed message in another element is still an error."""
    rule_message = "Attribute “autocomplete” is only allowed when the input type is “color”, …"
    toggle = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    ours = '<input type="checkbox" id="nce-filter" autocomplete="off">'
    assert check_html.allowed({"message": rule_message, "extract": f"\n  {toggle}\n"})
    assert not check_html.allowed({"message": rule_message, "extract": ours})


def test_allowlist_takes_the_empty_tabindex_of_a_navigation_section_only():
    message = "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer."
    section = '<label class="md-nav__link " for="__nav_4" id="__nav_4_label" tabindex="">'
    assert check_html.allowed({"message": message, "extract": f"\n  {section}\n"})
    assert not check_html.allowed({"message": message, "extract": '<label for="nce-dir-county" tabindex="">'})
