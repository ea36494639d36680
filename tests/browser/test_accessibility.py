"""axe-core (vendored in tests/vendor) on a home page and a cluster page: WCAG 2.1 A and AA."""

from __future__ import annotations

import pytest

from .helpers import axe_violations, format_violations


@pytest.mark.parametrize("site", ["http"], indirect=True)
@pytest.mark.parametrize("path", ["index.html", "clusters/nce-blue-legasea.html"])
def test_no_wcag_violations(page, site, path):
    page.goto(site.url(path))
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert not violations, f"axe found {len(violations)} WCAG 2.1 A/AA rule(s) broken on {path}:\n" + format_violations(violations)
