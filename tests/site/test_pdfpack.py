"""The pack's HTML (isms.plugin.pdfpack): each chapter is a built page's article, its ids made unique and its
links pointed inside the PDF or turned into text; nothing else is rewritten. No PDF is laid out here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from isms.plugin import pdfpack
from isms.plugin.pdfpack import Book, Chapter, Cover, PackError, css_string, page_css
from isms.plugin.snapshot_build import overrides

PAGE = '<html><body><nav>theme</nav><article class="md-content__inner md-typeset">{}</article></body></html>'
SOA = (
    '<h1 id="soa">SoA</h1><table><tr id="soa-5-15"><td><a href="controls/5-15.html">5.15</a></td>'
    '<td><a href="risks.html#risk-r-1">R-1</a> <a href="risks.html#risk-r-404">R-404</a>'
    ' <a href="assets.html#asset-a-1">A-1</a> <a href="exports/soa.xlsx">XLSX</a></td></tr></table>'
)
RISKS = (
    '<h1 id="risks">Risks</h1><p id="risk-r-1">R-1 &lt;script&gt; {{ x }} "quoted" href="#nowhere"</p>'
    '<svg viewBox="0 0 10 10"><a href="#risk-r-1"><rect width="1" height="1"/></a></svg>'
    '<p><a href="../policies/p.html#purpose">policy</a> <a href="javascript:alert(1)">js</a>'
    ' <a href="https://example.org/x?a=1&amp;b=2">web</a> <img src="../assets/x.png"></p>'
)
POLICY = '<h2 id="purpose">Purpose</h2><p><a href="../isms/controls/8-8.html">8.8</a></p><!-- a comment -->'


def write_site(root: Path, pages: dict[str, str]) -> None:
    """Built pages under ``root``: each URL's article body inside the theme's page."""
    for url, body in pages.items():
        (root / url).parent.mkdir(parents=True, exist_ok=True)
        (root / url).write_text(PAGE.format(body), encoding="utf-8")


@pytest.fixture
def book(tmp_path: Path) -> Book:
    for url, body in (("isms/soa.html", SOA), ("isms/risks.html", RISKS), ("policies/p.html", POLICY)):
        (tmp_path / url).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / url).write_text(PAGE.format(body), encoding="utf-8")
    chapters = [
        Chapter("c-isms-soa", "isms/soa.html", "SoA", "SoA · version 1", "internal", landscape=True),
        Chapter("c-isms-risks", "isms/risks.html", "Risks", "Risks · version 1", "confidential", landscape=True),
        Chapter("c-policies-p", "policies/p.html", "POL-P Policy", "POL-P · version 2", "public"),
    ]
    return Book(tmp_path, chapters)


def test_links_lead_inside_the_pack_or_become_text(book: Book) -> None:
    soa = book.chapter_html(book.chapters[0])
    assert '<tr id="c-isms-soa--soa-5-15">' in soa
    assert '<a href="#c-isms-soa--soa-5-15">5.15</a>' in soa  # a control's page: its row of the SoA
    assert '<a href="#c-isms-risks--risk-r-1">R-1</a>' in soa
    assert '<a href="#c-isms-risks">R-404</a>' in soa  # an anchor the page lacks: the top of its chapter
    assert "<a>A-1</a>" in soa and "<a>XLSX</a>" in soa  # a page or a download the pack does not hold: text
    policy = book.chapter_html(book.chapters[2])
    assert '<a href="#c-isms-soa--soa-8-8">8.8</a>' not in policy  # no such row: the SoA's top instead
    assert '<a href="#c-isms-soa">8.8</a>' in policy
    assert "a comment" not in policy


def test_text_stays_as_the_site_escaped_it_and_only_links_ids_and_images_change(book: Book) -> None:
    risks = book.chapter_html(book.chapters[1])
    assert '<p id="c-isms-risks--risk-r-1">R-1 &lt;script&gt; {{ x }} "quoted" href="#nowhere"</p>' in risks
    assert '<svg viewBox="0 0 10 10"><a href="#c-isms-risks--risk-r-1">' in risks  # SVG keeps its case
    assert '<a href="#c-policies-p--purpose">policy</a>' in risks
    assert "<a>js</a>" in risks  # no javascript: link survives
    assert '<a href="https://example.org/x?a=1&amp;b=2">web</a>' in risks
    assert '<img src="assets/x.png">' in risks  # relative to the site folder, the book's base
    assert 'data-running="Risks · version 1" data-classification="confidential"' in risks
    assert "<nav>" not in risks  # only the article, never the theme around it


def test_a_split_registers_parts_follow_its_page_in_one_chapter(tmp_path: Path) -> None:
    """Parts 2 and 3 of the risk register (isms.site.parts): their rows are the chapter's, in order, and
    a link to a row on any part, from another chapter or from another part, leads to that row."""
    pages = {
        "isms/soa.html": '<h1 id="soa">SoA</h1><a href="risks/3.html#risk-r-5">R-5</a>',
        "isms/risks.html": '<h1 id="risks">Risks</h1><nav class="isms-parts"><a href="risks/2.html">2</a></nav>'
        '<p id="risk-r-1">R-1 <a href="risks/2.html#risk-r-3">R-3</a></p><nav class="isms-parts" aria-label="parts">'
        '<a href="risks/2.html">2</a></nav><h2 id="by-cell">By heat-map cell</h2>',
        "isms/risks/2.html": '<h1 id="part-2">Risks, part 2</h1><p id="risk-r-3">R-3</p>',
        "isms/risks/3.html": '<h1 id="part-3">Risks, part 3</h1>'
        '<p id="risk-r-5">R-5 <a href="../risks.html#risk-r-1">R-1</a></p>',
        "isms/risks/5.html": '<p id="risk-r-9">R-9, a part after a gap: not one of the chapter\'s</p>',
    }
    write_site(tmp_path, pages)
    assert pdfpack.parts_of("isms/risks.md", tmp_path) == ("isms/risks/2.html", "isms/risks/3.html")
    risks = Chapter(
        "c-isms-risks",
        "isms/risks.html",
        "Risks",
        "Risks",
        "internal",
        True,
        pdfpack.parts_of("isms/risks.md", tmp_path),
    )
    book = Book(tmp_path, [Chapter("c-isms-soa", "isms/soa.html", "SoA", "SoA", "internal", True), risks])
    assert '<a href="#c-isms-risks--risk-r-5">R-5</a>' in book.chapter_html(book.chapters[0])
    chapter = book.chapter_html(risks)
    assert chapter.count("<section") == 1
    order = [
        chapter.index(f'id="c-isms-risks--{anchor}"') for anchor in ("risk-r-1", "risk-r-3", "risk-r-5", "by-cell")
    ]
    assert order == sorted(order)
    assert '<a href="#c-isms-risks--risk-r-3">R-3</a>' in chapter  # from part 1 to part 2
    assert '<a href="#c-isms-risks--risk-r-1">R-1</a>' in chapter  # from part 3 back to part 1
    assert '<div class="pack-part"><h1 id="c-isms-risks--part-2">' in chapter  # the heading the print CSS hides
    assert "R-9" not in chapter


def test_a_page_without_the_themes_article_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.html").write_text("<html><body><p>bare</p></body></html>", encoding="utf-8")
    with pytest.raises(PackError, match=r"x\.html has no article"):
        Book(tmp_path, [Chapter("c-x", "x.html", "X", "X", "internal")])


def test_images_from_the_network_or_outside_the_site_are_dropped(tmp_path: Path) -> None:
    images = ("https://example.org/t.png", "../../../etc/x.png", "data:image/png;base64,AA==")
    body = "<p>" + "".join(f'<img src="{src}">' for src in images) + "</p>"
    (tmp_path / "isms").mkdir()
    (tmp_path / "isms/x.html").write_text(PAGE.format(body), encoding="utf-8")
    book = Book(tmp_path, [Chapter("c-x", "isms/x.html", "X", "X", "internal")])
    assert '<p><img><img><img src="data:image/png;base64,AA=="></p>' in book.chapter_html(book.chapters[0])


def test_running_headers_are_css_strings_no_title_can_break_out_of() -> None:
    hostile = 'A "quoted" \\ </style><script>x</script> title'
    quoted = css_string(hostile)
    assert quoted.startswith('"') and quoted.endswith('"')
    assert css_string('A "q" \\ </style>') == '"A \\22 q\\22  \\5c  \\3c /style\\3e "'
    assert "<" not in quoted and '"' not in quoted[1:-1]
    cover = Cover("Org", "", "1.0", "0" * 40, dt.date(2026, 11, 28), 0, None)
    chapters = [
        Chapter("c-isms-soa", "isms/soa.html", "SoA", hostile, "internal", landscape=True),
        Chapter("c-policies-p", "policies/p.html", "POL-P Policy", "POL-P · version 2", "public"),
    ]
    css = page_css(cover, chapters)
    assert f"@page pack-0 {{ size: A4 landscape; margin: 16mm 14mm 15mm; @top-left {{ content: {quoted}; }}" in css
    assert '@page pack-1 { @top-left { content: "POL-P · version 2"; }' in css
    assert '@bottom-left { content: "Classification: public"; }' in css
    assert ".pack-1 { page: pack-1; }" in css
    assert 'content: "Page " counter(page) " of " counter(pages);' in css


def test_without_chromium_the_pack_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfpack.shutil, "which", lambda name: None)
    with pytest.raises(PackError, match=r"prints with Chromium, which is not installed: install it \(Debian"):
        pdfpack.browser()


def test_the_packs_own_build_leaves_out_search_offline_and_downloads() -> None:
    raw = {"plugins": ["search", {"isms": {"as_of": "2026-11-28"}}, "offline"], "extra": {"version": {}}}
    full = overrides(raw, {"audience": "auditor"})
    paper = overrides(raw, {"audience": "auditor"}, paper=True)
    isms = {"as_of": "2026-11-28", "audience": "auditor"}
    assert full["plugins"] == ["search", {"isms": isms}, {"material/offline": {"enabled": True}}]
    assert paper["plugins"] == [{"isms": {**isms, "exports": False, "paper": True}}]
    assert paper["strict"] is full["strict"] is True


def test_each_group_links_to_the_others_through_far_links_whose_targets_it_keeps(book: Book) -> None:
    """Each register and the documents are printed apart (pdfpack.groups): a link to another group points
    at FAR, which the merge turns into a link to the named destination; the target's group holds a hidden
    link to it, since Chromium writes a destination only for an anchor its own document links to."""
    cover = Cover("Org", "", "1.0", "0" * 40, dt.date(2026, 11, 28), 0, None)
    printed = pdfpack.groups(book)
    assert [[piece.chapter.key for piece in group] for group in printed] == [
        ["c-isms-soa"],
        ["c-isms-risks"],
        ["c-policies-p"],
    ]
    soa, risks, documents = pdfpack.group_htmls(book, cover, printed)
    assert f'<a href="{pdfpack.FAR}#c-isms-risks--risk-r-1">R-1</a>' in soa
    assert '<a href="#c-isms-soa--soa-5-15">5.15</a>' in soa  # within the group: as in one book
    assert f'<a href="{pdfpack.FAR}#c-policies-p--purpose">policy</a>' in risks
    assert f'<a href="{pdfpack.FAR}#c-isms-soa">8.8</a>' in documents
    assert '<div class="pack-links"><a href="#c-isms-soa"></a></div>' in soa
    assert '<div class="pack-links"><a href="#c-isms-risks"></a><a href="#c-isms-risks--risk-r-1"></a></div>' in risks
    assert (
        '<div class="pack-links"><a href="#c-policies-p"></a><a href="#c-policies-p--purpose"></a></div>' in documents
    )
    assert "counter(page)" not in soa + risks + documents  # the overlay draws headers and footers
    assert "@page pack-2 {" in documents  # but every chapter's page keeps its size


def test_a_split_registers_parts_printed_apart_keep_their_order_and_their_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register's parts are printed as groups of PARTS_PER_GROUP pages: the first group opens the chapter
    (its anchor, heading and rows), the last closes it (what the first page has after its table), and a
    link from one part to a row of another goes through FAR to a destination its group keeps."""
    monkeypatch.setattr(pdfpack, "PARTS_PER_GROUP", 1)
    pages = {
        "isms/risks.html": '<h1 id="risks">Risks</h1><a href="#by-cell">cells</a><nav class="isms-parts">'
        '<a href="risks/2.html">2</a></nav><p id="risk-r-1">R-1 <a href="risks/2.html#risk-r-3">R-3</a></p>'
        '<nav class="isms-parts" aria-label="parts"><a href="risks/2.html">2</a></nav>'
        '<h2 id="by-cell">By heat-map cell</h2><a href="#risk-r-1">R-1</a>',
        "isms/risks/2.html": '<h1 id="part-2">Risks, part 2</h1><p id="risk-r-3">R-3</p>',
        "isms/risks/3.html": '<h1 id="part-3">Risks, part 3</h1>'
        '<p id="risk-r-5">R-5 <a href="../risks.html#risk-r-1">R-1</a> <a href="2.html#risk-r-3">R-3</a></p>',
        "policies/p.html": '<h2 id="purpose">Purpose</h2><a href="../isms/risks/3.html#risk-r-5">R-5</a>',
    }
    write_site(tmp_path, pages)
    parts = pdfpack.parts_of("isms/risks.md", tmp_path)
    chapters = [
        Chapter("c-isms-risks", "isms/risks.html", "Risks", "Risks", "internal", True, parts),
        Chapter("c-policies-p", "policies/p.html", "POL-P Policy", "POL-P · version 2", "public"),
    ]
    book = Book(tmp_path, chapters)
    printed = pdfpack.groups(book)
    shape = [[(piece.urls, piece.opens, piece.closes) for piece in group] for group in printed]
    assert shape == [
        [(("isms/risks.html",), True, False)],
        [(("isms/risks/2.html",), False, False)],
        [(("isms/risks/3.html",), False, True)],
        [(("policies/p.html",), True, True)],
    ]
    cover = Cover("Org", "", "1.0", "0" * 40, dt.date(2026, 11, 28), 0, None)
    first, second, third, policy = pdfpack.group_htmls(book, cover, printed)
    assert 'id="c-isms-risks"' in first and 'id="c-isms-risks"' not in second + third  # one anchor: the start
    assert "pack-chapter md-typeset pack-0 pack-landscape" in first + second + third  # the register's pages
    assert '<p id="c-isms-risks--risk-r-1">' in first and 'id="c-isms-risks--risk-r-3"' not in first
    assert f'<a href="{pdfpack.FAR}#c-isms-risks--risk-r-3">R-3</a>' in first  # from part 1 to part 2
    assert '<p id="c-isms-risks--risk-r-3">R-3</p>' in second
    assert f'<a href="{pdfpack.FAR}#c-isms-risks--risk-r-1">R-1</a>' in third  # from part 3 back to part 1
    assert f'<a href="{pdfpack.FAR}#c-isms-risks--risk-r-3">R-3</a>' in third
    assert 'id="c-isms-risks--by-cell"' not in first + second and 'id="c-isms-risks--by-cell"' in third
    assert '<a href="#c-isms-risks--risk-r-1">R-1</a>' not in first  # the tail is printed with the last part
    assert f'<a href="{pdfpack.FAR}#c-isms-risks--risk-r-1">R-1</a>' in third.split('id="c-isms-risks--by-cell"')[1]
    assert f'<a href="{pdfpack.FAR}#c-isms-risks--risk-r-5">R-5</a>' in policy
    assert '<div class="pack-links"><a href="#c-isms-risks"></a><a href="#c-isms-risks--risk-r-1"></a></div>' in first
    assert '<div class="pack-links"><a href="#c-isms-risks--risk-r-3"></a></div>' in second
    assert f'<a href="{pdfpack.FAR}#c-isms-risks--by-cell">cells</a>' in first  # the first page's own tail
    assert (
        '<div class="pack-links"><a href="#c-isms-risks--by-cell"></a><a href="#c-isms-risks--risk-r-5"></a>' in third
    )
    whole = "".join((first, second, third))
    order = [whole.index(f'id="c-isms-risks--{anchor}"') for anchor in ("risk-r-1", "risk-r-3", "risk-r-5", "by-cell")]
    assert order == sorted(order)


def test_the_overlay_numbers_each_part_from_where_it_starts_out_of_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The overlay is printed in OVERLAYS parts at once: the first holds the cover and contents, and each
    part's pages are numbered from its first page's place in the pack, out of the pack's page count."""
    monkeypatch.setattr(pdfpack, "OVERLAYS", 2)
    cover = Cover("Org", "", "1.0", "0" * 40, dt.date(2026, 11, 28), 0, None)
    chapters = [
        Chapter("c-isms-soa", "isms/soa.html", "SoA", "SoA · version 1", "internal", landscape=True),
        Chapter("c-policies-p", "policies/p.html", "POL-P Policy", "POL-P · version 2", "public"),
    ]
    first, second = pdfpack.overlay_htmls(chapters, cover, {"c-isms-soa": 3, "c-policies-p": 6}, [0, 0, 0, 1, 1])
    assert "Contents" in first and "Contents" not in second
    assert first.count('class="pack-blank') == 3 and second.count('class="pack-blank') == 2
    assert '<div class="pack-blank pack-0"></div>' in first and '<div class="pack-blank pack-1"></div>' in second
    assert "html { counter-reset: page 0; }" in first and "html { counter-reset: page 5; }" in second
    assert '" of " "7"' in first and '" of " "7"' in second  # 2 pages of cover and contents, 5 of the groups
    assert f'href="{pdfpack.FAR}#c-policies-p"' in first  # the contents lead to the chapters through the merge
