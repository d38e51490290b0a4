"""Real builds of small synthetic ISMS sites with MkDocs: pages, links, escaping, strictness, macros."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from isms.core.pipeline import check_repository
from tests.support.mkdocsbuild import build
from tests.support.sitewalk import broken_links
from tests.support.synthetic import generate

AS_OF = dt.date(2026, 11, 28)
pytestmark = pytest.mark.slow


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("isms")
    generate(root, documents=24, risks=30, assets=40, as_of=AS_OF)
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_every_generated_page_is_built(built: Path) -> None:
    lifecycle = ("audits", "nonconformities", "reviews", "objectives", "certification")
    for page in (
        *("soa", "risks", "treatment-plan", "assets", "documents", "requirements", "evidence", "traceability"),
        *lifecycle,
    ):
        assert (built / "isms" / page / "index.html").is_file(), page
    for page in ("", "registers/", "front-matter/", "checks/", "mandatory/", "macros/"):
        assert (built / "isms" / "reference" / page / "index.html").is_file(), f"reference/{page}"
    controls = sorted(path.parent.name for path in (built / "isms" / "controls").glob("*/index.html"))
    assert len(controls) == 93
    assert "5-15" in controls and "8-34" in controls


def test_every_export_is_in_the_site(built: Path) -> None:
    """The plugin writes the exports to a temporary folder MkDocs copies from: all of them arrive, whole."""
    exports = built / "isms" / "exports"
    names = sorted(path.name for path in exports.iterdir())
    assert {"model.json", "model.schema.json", "risks.xlsx", "risks.csv", "risks.json", "soa.xlsx"} <= set(names)
    model = json.loads((exports / "model.json").read_text(encoding="utf-8"))
    assert len(model["risks"]) == 30
    assert (exports / "risks.xlsx").read_bytes()[:2] == b"PK"


def test_no_broken_internal_link_or_anchor(built: Path) -> None:
    assert broken_links(built) == []


def test_link_walker_notices_a_broken_anchor(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    subprocess.run(["cp", "-r", str(built), str(copy)], check=True)
    page = copy / "isms" / "controls" / "5-15" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace('href="../../soa/#soa-5-15"', 'href="../../soa/#soa-9-99"')
    )
    assert broken_links(copy) == [
        "isms/controls/5-15/index.html -> ../../soa/#soa-9-99 (no #soa-9-99 in isms/soa/index.html)"
    ]


def test_soa_lists_all_93_controls_and_links_each_to_its_page(built: Path) -> None:
    soa = html(built, "isms/soa/index.html")
    rows = re.findall(r'<tr id="soa-(\d+-\d+)">', soa)
    assert len(rows) == 93
    for row in rows:
        assert f'href="../controls/{row}/"' in soa


def test_control_page_and_document_link_both_ways(built: Path) -> None:
    control = html(built, "isms/controls/5-1/index.html")
    assert 'href="../../soa/#soa-5-1"' in control
    implementing = control.split('id="implementing-documents"', 1)[1].split("</table>", 1)[0]
    documents = re.findall(r'<a href="\.\./\.\./\.\./([a-z]+/[a-z0-9-]+)/"', implementing)
    assert documents, "control 5.1 should list an implementing document"
    document = html(built, f"{documents[0]}/index.html")
    assert 'aria-label="Document control"' in document
    assert 'href="../../isms/controls/5-1/"' in document


def test_heat_maps_colour_cells_by_level_and_count_risks(built: Path) -> None:
    risks = html(built, "isms/risks/index.html")
    assert risks.count('<svg xmlns="http://www.w3.org/2000/svg" class="isms-heatmap"') == 2
    counts = [int(n) for n in re.findall(r'class="isms-heatmap-count" fill="#[0-9a-f]{6}">(\d+)</text>', risks)]
    assert sum(counts) == 30 * 2  # every risk once in each map (all synthetic risks have a residual rating)
    for cell in re.findall(r'<a href="#(cell-inherent-\d-\d)">', risks):
        assert f'id="{cell}"' in risks


XSS = "<script>alert(1)</script>"


def test_register_text_is_escaped_everywhere(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    risks = root / "registers" / "risks.yml"
    text = risks.read_text(encoding="utf-8")
    first_title = re.search(r"^    title: (.+)$", text, re.MULTILINE)
    assert first_title is not None
    replace_once(
        risks,
        f"    title: {first_title.group(1)}\n",
        f'    title: "{XSS}"\n',
    )
    assets = root / "registers" / "assets.yml"
    name = re.search(r"^    name: (.+)$", assets.read_text(encoding="utf-8"), re.MULTILINE)
    assert name is not None
    replace_once(assets, f"    name: {name.group(1)}\n", f'    name: "{XSS} & <b>bold</b>"\n')
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    pages = {
        p.relative_to(root / "site").as_posix(): p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html")
    }
    assert not [name for name, page in pages.items() if XSS in page or "<b>bold</b>" in page]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["isms/risks/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in pages["isms/assets/index.html"]


def test_strict_build_fails_exactly_when_strict_check_does(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    documents = sorted(p for p in (root / "docs").rglob("*.md") if "review_every: " in p.read_text(encoding="utf-8"))
    assert documents
    target = documents[0]
    review = re.search(r"^review_every: (\d+)$", target.read_text(encoding="utf-8"), re.MULTILINE)
    assert review is not None
    replace_once(target, f"review_every: {review.group(1)}\n", "next_review: 2026-01-31\n")

    warnings = [f.text() for f in check_repository(root, AS_OF).findings]
    assert len(warnings) == 1 and "review overdue since 2026-01-31" in warnings[0]

    lenient = build(root)
    assert lenient.returncode == 0
    assert warnings[0] in lenient.stderr
    strict = build(root, "--strict")
    assert strict.returncode == 1
    assert warnings[0] in strict.stderr
    assert "Aborted with 1 warnings in strict mode!" in strict.stdout + strict.stderr


def test_errors_stop_the_build_with_the_checks_messages(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    replace_once(root / "registers" / "methodology.yml", "matrix: product\n", "matrix: productt\n")
    errors = [f.text() for f in check_repository(root, AS_OF).errors]
    assert len(errors) == 1
    result = build(root)
    assert result.returncode == 1
    assert "the ISMS has 1 error(s):" in result.stderr
    assert errors[0] in result.stderr
    assert "Traceback" not in result.stderr


def test_a_control_character_in_a_register_stops_the_build_at_its_line(tmp_path: Path) -> None:
    """openpyxl refuses control characters: the check must stop them before the XLSX downloads are written."""
    root = tmp_path / "isms"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    risks = root / "registers" / "risks.yml"
    title = re.search(r"^    title: (.+)$", risks.read_text(encoding="utf-8"), re.MULTILINE)
    first = re.search(r"^  - id: (.+)$", risks.read_text(encoding="utf-8"), re.MULTILINE)
    assert title is not None and first is not None
    replace_once(risks, f"    title: {title.group(1)}\n", '    title: "Phishing\\x01"\n')
    line = risks.read_text(encoding="utf-8").splitlines().index('    title: "Phishing\\x01"') + 1
    result = build(root)
    assert result.returncode == 1
    assert (
        f"registers/risks.yml:{line}: error: risk {first.group(1)}: title: the text holds the control character"
        " U+0001 at position 9 — remove it;" in result.stderr
    )
    assert "Traceback" not in result.stderr and "\x01" not in result.stderr
    assert not (root / "site" / "isms" / "exports" / "risks.xlsx").exists()


def test_a_page_in_place_of_a_generated_one_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    (root / "docs" / "isms").mkdir(exist_ok=True)
    (root / "docs" / "isms" / "soa.md").write_text("# My SoA\n", encoding="utf-8")
    result = build(root)
    assert result.returncode == 1
    assert "docs/isms/soa.md:1: error: isms/soa.md is a page the isms plugin generates" in result.stderr


def test_macros_link_controls_risks_and_filter_registers(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - isms:", "  - macros:\n      on_error_fail: true\n  - isms:"),
        encoding="utf-8",
    )
    risk_id = re.search(
        r"^  - id: (\S+)$", (root / "registers" / "risks.yml").read_text(encoding="utf-8"), re.MULTILINE
    )
    assert risk_id is not None
    page = root / "docs" / "macros.md"
    page.write_text(
        "# Macros\n\n"
        'Control: {{ control("A.5.15") }}\n\n'
        f'Risk: {{{{ risk("{risk_id.group(1)}") }}}}\n\n'
        '{{ register_table("risks", status="open") }}\n',
        encoding="utf-8",
    )
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    out = unescape(html(root / "site", "macros/index.html"))  # as the browser reads it (macro text is references)
    assert '<a href="../isms/controls/5-15/">5.15 Access control</a>' in out
    assert f'<a href="../isms/risks/#risk-{risk_id.group(1).lower()}">' in out
    assert '<table class="isms-table">' in out

    page.write_text('# Macros\n\n{{ control("9.99") }}\n', encoding="utf-8")
    failed = build(root)
    assert failed.returncode != 0  # mkdocs-macros-plugin exits with 100 when on_error_fail is set
    assert "control('9.99'): no such control — use an Annex A number such as '5.15'" in failed.stderr


def test_previous_and_next_follow_the_navigation_order(built: Path) -> None:
    # The plugin puts controls in numeric order (5.9 before 5.10, not 5.1, 5.10, 5.11...); the
    # previous/next links MkDocs made from the alphabetical order must follow.
    page = html(built, "isms/controls/5-9/index.html")
    assert '<link rel="prev" href="../5-8/">' in page
    assert '<link rel="next" href="../5-10/">' in page
    soa = html(built, "isms/soa/index.html")
    assert '<link rel="next" href="../risks/">' in soa
