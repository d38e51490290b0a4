"""``isms pack``: one PDF of a commit that a PDF reader opens, complete, linked inside, and the same bytes twice.

Built from the minimal ISMS (93 controls in its SoA, a policy and a procedure), committed to a temporary
git repository, and read back with poppler's tools (``pdfinfo``, ``pdffonts``, ``pdftotext``,
``pdftoppm``) and pypdf, as a reader would, never with the library that wrote it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from isms.core.load import load
from isms.plugin.pdfpack import identifier, made_as
from tests.conftest import MINIMAL
from tests.support.gitrepo import commit_all, isms

pytestmark = pytest.mark.slow

COMMIT_DATE = "2026-11-28T12:00:00+00:00"
MKDOCS = "site_name: Pack\ntheme: {name: material, font: false}\nplugins: [search, isms]\n"
TRICKY = "Stolen <b>bold</b> {{ config.site_name }} {% raw %}"
"""A risk title that is HTML and template syntax: it must reach the PDF as the text it is."""


def run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pack") / "repo"
    shutil.copytree(MINIMAL, root)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    risks = root / "registers/risks.yml"
    text = risks.read_text(encoding="utf-8")
    risks.write_text(text.replace("Customer data stolen through a weak password", TRICKY, 1), encoding="utf-8")
    commit_all(root, "ISMS 1.0", COMMIT_DATE)
    return root


@pytest.fixture(scope="module")
def packs(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    made = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        result = isms("pack", "--root", str(repo), "--out", str(out), "--version", "1.0", "--as-of", "2026-11-28")
        assert (result.returncode, result.stdout) == (0, f"wrote {out / '1.0.pdf'}\n"), result.stderr
        made.append(out / "1.0.pdf")
    return made[0], made[1]


@pytest.fixture(scope="module")
def text(packs: tuple[Path, Path]) -> str:
    return run("pdftotext", "-layout", str(packs[0]), "-")


def test_two_packs_of_one_commit_are_byte_identical(packs: tuple[Path, Path]) -> None:
    first, second = packs
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_pdfinfo_reports_pages_title_metadata_and_the_commit_date(repo: Path, packs: tuple[Path, Path]) -> None:
    info = dict(line.split(":", 1) for line in run("pdfinfo", "-isodates", str(packs[0])).splitlines() if ":" in line)
    info = {key: value.strip() for key, value in info.items()}
    commit = run("git", "-C", str(repo), "rev-parse", "HEAD").strip()
    assert info["Title"] == "Minimal Ltd ISMS 1.0"
    assert info["Author"] == "Minimal Ltd"
    assert info["Subject"] == f"ISO/IEC 27001:2022 ISMS, commit {commit}"
    assert info["CreationDate"] == info["ModDate"] == "2026-11-28T12:00:00Z"  # the commit's, not the build's
    assert int(info["Pages"]) >= 8
    assert info["Creator"] == "isms pack"
    assert info["Keywords"] == "ISMS, ISO/IEC 27001, Statement of Applicability"


def test_every_font_is_embedded(packs: tuple[Path, Path]) -> None:
    rows = run("pdffonts", str(packs[0])).splitlines()[2:]
    assert rows, "no fonts"
    assert all(row.split()[-5] == "yes" for row in rows), rows  # the "emb" column


def test_the_pack_holds_every_control_every_approved_document_and_register_text_as_text(repo: Path, text: str) -> None:
    model, _ = load(repo)
    flat = " ".join(text.split())
    annex_a = [control for control in model.catalogue.controls.values() if control.annex_a]
    missing = [control.id for control in annex_a if f"{control.id} {control.title.split()[0]}" not in flat]
    assert len(annex_a) == 93
    assert missing == []
    approved = sorted(document.id for document in model.documents if document.meta.status == "approved")
    assert approved == ["DOC-SCOPE", "POL-IS", "PRO-RISK"]
    assert [ident for ident in approved if ident not in flat] == []
    assert " ".join(TRICKY.split()) in flat  # escaped by the site's renderer, never run as a template
    for fact in ("Minimal Ltd", "Version 1.0", "Dates judged as of 2026-11-28", "Page 1 of"):
        assert fact in flat


def _targets(reader: PdfReader) -> tuple[list[str], set[str]]:
    """The named destinations of every internal link, and every destination the document defines."""
    names = set(reader.named_destinations)
    wanted = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or ArrayObject():
            link = annotation.get_object()
            action = link.get("/A")
            destination = link.get("/Dest")
            if isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo":
                destination = action.get("/D")
            if destination is not None:
                wanted.append(str(destination))
    return [name.removeprefix("/") for name in wanted], {name.removeprefix("/") for name in names}


def test_internal_links_resolve_and_join_controls_risks_and_documents(packs: tuple[Path, Path]) -> None:
    wanted, names = _targets(PdfReader(packs[0]))
    assert [target for target in wanted if target not in names] == []
    assert any(target.startswith("c-isms-risks--risk-") for target in wanted), "no link to a risk"
    assert any(target.startswith("c-isms-soa--soa-") for target in wanted), "no link to a control's row"
    assert "c-policies-information-security" in wanted, "no link to a policy"


def test_pages_render_non_blank_with_the_soa_in_landscape(packs: tuple[Path, Path], tmp_path: Path) -> None:
    sizes = run("pdfinfo", "-f", "1", "-l", "999", str(packs[0]))
    pages = [(int(n), float(w) > float(h)) for n, w, h in re.findall(r"Page +(\d+) size: +([\d.]+) x ([\d.]+)", sizes)]
    soa = next(number for number, landscape in pages if landscape)
    last = pages[-1][0]
    assert not pages[0][1] and not pages[-1][1], "the cover and the documents are portrait"
    for number in (1, soa, last):
        run("pdftoppm", "-r", "30", "-png", "-f", str(number), "-l", str(number), str(packs[0]), str(tmp_path / "p"))
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 3
    for image_path in images:
        with Image.open(image_path) as image:
            grey = image.convert("L")
            inked = sum(grey.histogram()[:200])  # pixels darker than light grey
            assert inked > grey.width * grey.height // 200, f"{image_path.name} is blank"
            assert (grey.width > grey.height) is (image_path == images[1]), image_path.name
    page = run("pdftotext", "-f", str(soa), "-l", str(soa), str(packs[0]), "-")
    assert "Statement of Applicability" in page


def test_a_snapshot_with_pack_names_its_archive_checksum_on_the_cover(repo: Path, tmp_path: Path) -> None:
    result = isms("snapshot", "--root", str(repo), "--out", str(tmp_path), "--version", "1.0", "--pack")
    assert (result.returncode, result.stdout) == (0, f"wrote {tmp_path / '1.0.tar.gz'}\nwrote {tmp_path / '1.0.pdf'}\n")
    digest = hashlib.sha256((tmp_path / "1.0.tar.gz").read_bytes()).hexdigest()
    cover = " ".join(run("pdftotext", "-l", "1", str(tmp_path / "1.0.pdf"), "-").split())
    assert f"Snapshot SHA-256 {digest}" in cover
    assert f"Dates judged as of {dt.date(2026, 11, 28).isoformat()}" in cover  # the commit's date by default
    with tarfile.open(tmp_path / "1.0.tar.gz") as archive:
        member = next(m for m in archive.getmembers() if m.name.rsplit("/", 1)[-1] == "snapshot.json")
        stream = archive.extractfile(member)
        assert stream is not None
        tools = json.loads(stream.read())["tools"]
    chromium = run("chromium", "--version")
    assert tools["chromium"] == " ".join(chromium.split()) and tools["chromium"].startswith("Chromium ")


def test_pack_refuses_a_folder_that_is_not_a_git_repository(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "repo")
    result = isms("pack", "--root", str(tmp_path / "repo"), "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("isms: error: ") and "is not in a git repository" in result.stderr
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_pdf_of_that_name_that_is_not_this_commits_pack_is_kept_unless_forced(
    repo: Path, packs: tuple[Path, Path], tmp_path: Path
) -> None:
    commit = run("git", "-C", str(repo), "rev-parse", "HEAD").strip()
    assert made_as(packs[0], identifier(commit, "1.0", None))  # so a rerun of the same pack replaces it
    assert not made_as(packs[0], identifier(commit, "1.0", "staff"))
    assert not made_as(packs[0], identifier("0" * 40, "1.0", None))
    foreign = tmp_path / "1.0.pdf"
    foreign.write_bytes(b"%PDF-1.7\n% the auditor's annotated copy\n")
    result = isms("pack", "--root", str(repo), "--out", str(tmp_path), "--version", "1.0")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"isms: error: {foreign} already holds a PDF that is not the pack of commit {commit[:12]} for this "
        "audience — give another --version, or --force to replace it\n"
    )
    assert foreign.read_bytes() == b"%PDF-1.7\n% the auditor's annotated copy\n"


def test_each_page_number_in_the_contents_is_the_page_its_chapter_starts_on(
    repo: Path, packs: tuple[Path, Path]
) -> None:
    pages = run("pdftotext", "-layout", str(packs[0]), "-").split("\f")
    contents = pages[1]  # the cover is page 1; the minimal ISMS's contents fit on one page
    entries = re.findall(r"^ *(\S.*?) {2,}(\d+)$", contents, re.MULTILINE)
    titles = [title for title, _ in entries]
    assert titles[:3] == ["Statement of Applicability", "Risk register", "Risk treatment plan"]
    assert {"DOC-SCOPE ISMS scope", "POL-IS Information security policy"} <= set(titles), titles
    model, _ = load(repo)
    documents = {document.id: document for document in model.documents}
    for title, number in entries:
        ident, _, rest = title.partition(" ")
        heading, running = (rest, f"{ident} · version") if ident in documents else (title, f"{title} · version")
        first = next(index for index, text in enumerate(pages, 1) if running in text)
        assert (title, int(number)) == (title, first)  # the first page with the chapter's running header
        assert heading in " ".join(pages[first - 1].split()), f"{title}: not on page {number}"


def test_without_chromium_the_pack_says_what_to_install_before_building(repo: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").symlink_to(shutil.which("git") or "git")  # PATH holds git, not chromium
    env = {**os.environ, "PATH": str(bin_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "isms", "pack", "--root", str(repo), "--out", str(tmp_path), "--version", "1.0"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "isms: error: isms pack prints with Chromium, which is not installed: install it (Debian and Ubuntu: "
        "apt-get install chromium fonts-dejavu-core) or put chromium on PATH\n"
    )
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_split_risk_register_is_one_chapter_holding_every_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two rows a part (isms.site.parts): the minimal ISMS's risks R-1..R-3 are on two pages of the site, and
    the pack holds both as the one chapter "Risk register", with the SoA's link to R-3 (part 2) inside the PDF.
    Each part is printed as a group of its own (PARTS_PER_GROUP): the rows keep their order and the pages
    their numbers."""
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    from isms.plugin import pdfpack  # noqa: PLC0415
    from isms.plugin.pdfpack import Cover, write_pack  # noqa: PLC0415
    from isms.site import parts  # noqa: PLC0415

    monkeypatch.setattr(parts, "ROWS_PER_PART", 2)
    monkeypatch.setattr(pdfpack, "PARTS_PER_GROUP", 1)
    root, site = tmp_path / "repo", tmp_path / "site"
    shutil.copytree(MINIMAL, root)
    (root / "mkdocs.yml").write_text(MKDOCS.replace("search, ", "") + "use_directory_urls: false\n", encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins["isms"].config["as_of"] = "2026-11-28"
    build(config)
    assert (site / "isms/risks/2.html").is_file() and not (site / "isms/risks/3.html").exists()
    model, _ = load(root)
    cover = Cover("Minimal Ltd", "", "1.0", "0" * 40, dt.date(2026, 11, 28), 1_795_000_000, None)
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(write_pack(model, site, cover))
    pages = run("pdftotext", "-layout", str(pdf), "-").split("\f")
    titles = re.findall(r"^ *(\S.*?) {2,}\d+$", pages[1], re.MULTILINE)
    assert titles[:3] == ["Statement of Applicability", "Risk register", "Risk treatment plan"]  # one entry
    reader = PdfReader(pdf)
    wanted, names = _targets(reader)
    assert [target for target in wanted if target not in names] == []
    assert "c-isms-risks--risk-r-3" in wanted, "the link to R-3, on part 2, became text"
    page = reader.get_destination_page_number(reader.named_destinations["/c-isms-risks--risk-r-3"])
    shown = " ".join(pages[page].split())
    assert "Risk register · version" in shown  # the register's running header goes on over its parts
    assert "R-3" in shown and "part 2 of 2" not in shown and "1: R-1 – R-2" not in shown
    rows = [reader.get_destination_page_number(reader.named_destinations[f"/c-isms-risks--risk-r-{n}"]) for n in (1, 2)]
    plan = reader.get_destination_page_number(reader.named_destinations["/c-isms-treatment-plan"])
    assert rows[0] <= rows[1] < page < plan  # part 1's group, then part 2's, then the next chapter
    numbers = [re.findall(r"Page (\d+) of (\d+)", one) for one in pages[:-1]]
    assert numbers == [[(str(number), str(len(pages) - 1))] for number in range(1, len(pages))]


def test_a_link_from_a_document_to_a_risk_in_the_registers_group_resolves(packs: tuple[Path, Path]) -> None:
    """The registers and the documents are printed apart (pdfpack.groups): PRO-RISK's link to R-1 crosses
    from one print to the other and must still lead to R-1's row in the register."""
    reader = PdfReader(packs[0])
    sizes = [float(page.mediabox.width) > float(page.mediabox.height) for page in reader.pages]
    documents = next(index for index in range(2, len(sizes)) if sizes[index - 1] and not sizes[index])
    names = reader.named_destinations
    crossing = []
    for page in reader.pages[documents:]:
        for annotation in page.get("/Annots") or ArrayObject():
            link = annotation.get_object()
            assert "/A" not in link or link["/A"].get("/S") != "/URI" or "isms-pack.invalid" not in link["/A"]["/URI"]
            if str(link.get("/Dest", "")).startswith("/c-isms-risks--risk-"):
                crossing.append(str(link["/Dest"]))
    assert "/c-isms-risks--risk-r-1" in crossing
    target = reader.get_destination_page_number(names["/c-isms-risks--risk-r-1"])
    assert sizes[target] and target < documents  # a landscape page of the registers, before the documents
    assert "R-1" in run("pdftotext", "-f", str(target + 1), "-l", str(target + 1), str(packs[0]), "-")


def test_every_page_says_its_own_number_of_the_whole_across_the_printed_groups(packs: tuple[Path, Path]) -> None:
    """Each group is printed apart, and the overlay in parts (pdfpack.OVERLAYS); "Page N of Y" must still be
    the page's place in the one PDF, and every page but the cover carry the overlay's running header."""
    pages = run("pdftotext", "-layout", str(packs[0]), "-").split("\f")[:-1]
    shown = [re.findall(r"Page (\d+) of (\d+)", page) for page in pages]
    assert shown == [[(str(number), str(len(pages)))] for number in range(1, len(pages) + 1)]
    headed = [number for number, page in enumerate(pages, 1) if re.search(r"^.*· version .*Minimal Ltd$", page, re.M)]
    assert headed == list(range(2, len(pages) + 1))


def test_each_page_is_drawn_once_with_its_overlay_in_one_compressed_content_stream(packs: tuple[Path, Path]) -> None:
    """pypdf's merge_page lays the overlay over each group's page, and its contents are compressed again:
    the pack must not grow by the pages' decoded drawing."""
    reader = PdfReader(packs[0])
    for page in reader.pages[1:]:
        contents = page["/Contents"].get_object()
        streams = contents if isinstance(contents, ArrayObject) else [contents]
        assert [stream.get_object().get("/Filter") for stream in streams] == ["/FlateDecode"] * len(streams)


def test_the_packs_build_makes_only_the_printed_pages_and_keeps_links_to_the_others(repo: Path, tmp_path: Path) -> None:
    """A build for paper makes of the generated pages only the SoA, the risk register and the RTP. The others
    are known, not built: a document's Markdown link to one is no broken link in the strict build and, for a
    restricted audience too, a link to a control's page stays, for the pack to make it a link to its SoA row."""
    root = tmp_path / "repo"
    shutil.copytree(repo, root)
    policy = root / "docs/policies/information-security.md"
    links = "See the [asset inventory](../isms/assets.md) and [control 5.1](../isms/controls/5-1.md).\n"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n" + links, encoding="utf-8")
    site = tmp_path / "site"
    options = json.dumps({"audience": "staff", "as_of": "2026-11-28"})
    command = [sys.executable, "-m", "isms.plugin.snapshot_build", str(root / "mkdocs.yml"), str(site), options]
    done = subprocess.run([*command, "--paper"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    built = {path.relative_to(site).as_posix() for path in (site / "isms").rglob("*.html")}
    assert {"isms/soa.html", "isms/risks.html", "isms/treatment-plan.html"} <= built
    assert not [name for name in built if name.startswith("isms/controls/")] and "isms/assets.html" not in built
    assert 'href="controls/5-17.html"' in (site / "isms/risks.html").read_text(encoding="utf-8")
    page = (site / "policies/information-security.html").read_text(encoding="utf-8")
    assert 'href="../isms/controls/5-1.html"' in page and 'href="../isms/assets.html"' in page
