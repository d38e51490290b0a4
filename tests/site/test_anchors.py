"""Every anchor the plugin writes can be linked to from a document, and ``mkdocs build --strict`` agrees.

The plugin puts its tables, sections and heat maps into a page after Markdown has run; MkDocs' link
validation only saw the anchors Markdown made. A first build of a synthetic ISMS shows which anchors
the plugin writes (every ``id`` in the content of a generated page, and of a controlled document's
blocks); a page then links to every one of them, and the strict build must pass.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.support.mkdocsbuild import build
from tests.support.synthetic import generate

AS_OF = dt.date(2026, 11, 28)
pytestmark = pytest.mark.slow

_CONTENT = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.DOTALL)
_ID = re.compile(r'\sid="([^"]+)"')
VALIDATION = "validation:\n  links:\n    anchors: warn\n"


def source(site: Path, html_file: Path) -> str:
    """``isms/risks/index.html`` → ``isms/risks.md``; a section's ``isms/index.html`` → ``isms/index.md``."""
    folder = html_file.parent.relative_to(site).as_posix()
    section = any(html_file.parent.glob("*/index.html"))
    return f"{folder}/index.md" if section else f"{folder}.md"


def content_anchors(site: Path, pages: list[Path]) -> dict[str, list[str]]:
    """Per source page, every anchor in the content of its built page."""
    found: dict[str, list[str]] = {}
    for html_file in pages:
        content = _CONTENT.search(html_file.read_text(encoding="utf-8"))
        assert content is not None, html_file
        found[source(site, html_file)] = _ID.findall(content.group(1))
    return found


@pytest.fixture(scope="module")
def anchored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("anchors")
    generate(root, documents=16, risks=12, assets=12, as_of=AS_OF)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + VALIDATION, encoding="utf-8")
    first = build(root, "--strict")
    assert first.returncode == 0, first.stderr
    site = root / "site"
    generated = sorted(p for p in (site / "isms").rglob("index.html") if "/controls/" not in p.as_posix())
    generated.append(site / "isms" / "controls" / "5-15" / "index.html")  # the 93 control pages are alike
    policy = next(p for p in sorted((site / "policies").glob("*/index.html")))
    return root, content_anchors(site, [*generated, policy])


def test_a_document_links_to_every_kind_of_anchor_and_the_build_stays_strict(
    anchored: tuple[Path, dict[str, list[str]]],
) -> None:
    root, anchors = anchored
    kinds = {anchor.split("-", 1)[0] for page in anchors.values() for anchor in page}
    # The anchors the README and the register catalogue promise are among those linked to.
    assert {"risk", "treatment", "soa", "clause", "review", "audit", "finding", "nc", "cb", "document"} <= kinds
    assert "soa-5-15" in anchors["isms/soa.md"] and "risk-r-0001" in anchors["isms/risks.md"]
    assert any(anchor.startswith("review-mr-") for anchor in anchors["isms/reviews.md"])
    lines = [f"- [{page} #{anchor}](../{page}#{anchor})\n" for page, ids in anchors.items() for anchor in ids]
    (root / "docs" / "notes").mkdir()
    (root / "docs" / "notes" / "anchors.md").write_text("# Anchors\n\n" + "".join(lines), encoding="utf-8")
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_a_link_to_a_missing_anchor_still_fails_the_strict_build(
    anchored: tuple[Path, dict[str, list[str]]],
) -> None:
    root, _ = anchored
    (root / "docs" / "notes").mkdir(exist_ok=True)
    (root / "docs" / "notes" / "anchors.md").write_text(
        "# Anchors\n\n[no such review](../isms/reviews.md#review-mr-1999)\n", encoding="utf-8"
    )
    result = build(root, "--strict")
    assert result.returncode == 1
    assert "does not contain an anchor '#review-mr-1999'" in result.stderr
