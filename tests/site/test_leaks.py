"""No audience build holds anything above its audience, in any file it writes, nor in its auditor's pack (PDF).

The minimal ISMS gets a unique marker in every page, document, register entry and organisation control,
in every file extension MkDocs builds as a page (and with CR line breaks, and MultiMarkdown metadata);
each audience is built, and every file of each site (HTML, search index, sitemap, exports, JSON) is read.
A marker is found exactly where its classification allows: never above, and always at or below, so a
build that silently dropped everything would fail too. The pack (``isms pack --audience``) holds only some
pages of the site, so its text (``pdftotext``) must hold nothing above the audience and something at it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from mkdocs.utils import markdown_extensions as MARKDOWN  # every extension MkDocs builds as a page

from tests.conftest import MINIMAL
from tests.support.gitrepo import commit_all, isms
from tests.support.sitewalk import everything

pytestmark = pytest.mark.slow

LEVEL = {"public": 0, "internal": 1, "confidential": 2}
AUDIENCE = {"public": 0, "staff": 1, "auditor": 2}
CONFIDENTIAL_REGISTERS = ("assets", "audits", "controls", "evidence", "incidents", "nonconformities", "risks")
"""Made confidential (incidents are so already); the other registers of the minimal ISMS stay internal (the default)."""
MKDOCS = "site_name: Leaks\ntheme: {name: material, font: false}\nplugins: [search, {isms: {as_of: '2026-11-28'}}]\n"


class Markers:
    """Unique words put into the repository, each with the classification of where it was put."""

    def __init__(self) -> None:
        self.levels: dict[str, str] = {}

    def new(self, classification: str) -> str:
        marker = f"Leakmark{len(self.levels):03d}x"
        self.levels[marker] = classification
        return marker

    def judge(self, text: str, audience: str) -> tuple[set[str], set[str]]:
        """The markers found in ``text``, and those ``audience`` may read."""
        found = {marker for marker in self.levels if marker in text}
        allowed = {marker for marker, level in self.levels.items() if LEVEL[level] <= AUDIENCE[audience]}
        return found, allowed


def page(front: str, body: str) -> str:
    return f"---\n{front}---\n\n# A page\n\n{body}\n"


def mark_registers(root: Path, markers: Markers) -> None:
    """A marker in the title, name or action of every entry (a note on an SoA row) of every register file."""
    for path in sorted((root / "registers").glob("*.yml")):
        if path.stem in ("isms", "methodology"):
            continue  # whole-file registers: no entries
        level = "confidential" if path.stem in CONFIDENTIAL_REGISTERS else "internal"
        text = path.read_text(encoding="utf-8")
        if level == "confidential" and "\nclassification: confidential\n" not in text:
            text = f"classification: confidential\n{text}"
        entry = re.compile(r"^(\s+(?:- )?(?:title|name|action|what|competence): .+)$", re.MULTILINE)
        text = entry.sub(lambda match, level=level: f"{match.group(1)} {markers.new(level)}", text)
        if "owner: ciso}" in text:  # the SoA's rows are written on one line each
            text = text.replace("owner: ciso}", f"owner: ciso, notes: {markers.new(level)}}}", 1)
        path.write_text(text, encoding="utf-8")


def mark_documents(root: Path, markers: Markers) -> None:
    """A marker in each controlled document's body, and a confidential document in every extension."""
    scope = (root / "docs/scope.md").read_text(encoding="utf-8")
    for path in sorted((root / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"^classification: (\w+)$", text, re.MULTILINE)
        if found is not None:
            path.write_text(f"{text}\n{markers.new(found.group(1))}\n", encoding="utf-8")
    (root / "docs/records").mkdir()
    for number, suffix in enumerate(MARKDOWN):
        text = scope.replace("id: DOC-SCOPE", f"id: DOC-SECRET-{number}").replace(
            "classification: internal", "classification: confidential"
        )
        (root / f"docs/records/secret-{number}{suffix}").write_text(
            f"{text}\n{markers.new('confidential')}\n", encoding="utf-8"
        )
    cr = scope.replace("id: DOC-SCOPE", "id: DOC-CR").replace(
        "classification: internal", "classification: confidential"
    )
    (root / "docs/records/cr.md").write_bytes(f"{cr}\n{markers.new('confidential')}\n".replace("\n", "\r").encode())


def mark_pages(root: Path, markers: Markers) -> None:
    """Ordinary pages (no id): public when they say so, internal when they say nothing, in every extension."""
    (root / "docs/index.md").write_text(
        page("title: Home\nclassification: public\n", markers.new("public")), encoding="utf-8"
    )
    notes = root / "docs/notes"
    notes.mkdir()
    for number, suffix in enumerate(MARKDOWN):
        (notes / f"unmarked-{number}{suffix}").write_text(page("title: Notes\n", markers.new("internal")), "utf-8")
        (notes / f"plain-{number}{suffix}").write_text(f"# No front matter\n\n{markers.new('internal')}\n", "utf-8")
        for level in LEVEL:
            text = page(f"title: Notes\nclassification: {level}\n", markers.new(level))
            (notes / f"{level}-{number}{suffix}").write_text(text, encoding="utf-8")
    cr = page("title: CR\nclassification: confidential\n", markers.new("confidential")).replace("\n", "\r")
    (notes / "cr.md").write_bytes(cr.encode())
    mmd = f"Title: Meta\nClassification: confidential\n\n# Meta\n\n{markers.new('confidential')}\n"
    (notes / "multimarkdown.md").write_text(mmd, encoding="utf-8")


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Markers]:
    root = tmp_path_factory.mktemp("leaks") / "repo"
    shutil.copytree(MINIMAL, root)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    markers = Markers()
    mark_registers(root, markers)
    mark_documents(root, markers)
    mark_pages(root, markers)
    return root, markers


@pytest.mark.parametrize("audience", list(AUDIENCE))
def test_every_marker_is_built_for_its_audience_and_above_only(
    marked: tuple[Path, Markers], audience: str, tmp_path: Path
) -> None:
    root, markers = marked
    out = tmp_path / "site"
    result = isms("build", "--audience", audience, "--out", str(out), "--strict", "--as-of", "2026-11-28", cwd=root)
    assert (result.returncode, result.stdout) == (0, f"built the {audience} site in {out}\n"), result.stderr
    found, allowed = markers.judge(everything(out), audience)
    assert sorted(found - allowed) == [], "leaked above the audience"
    assert sorted(allowed - found) == [], "missing from a build that may show it"
    assert (out / "isms/controls/org-1").exists() is (audience == "auditor"), "a hidden control keeps no page"
    # The evidence request list names evidence, which is confidential here: only the auditor's build has it,
    # page and export, and there it lists the (confidential) evidence records by title.
    shown = audience == "auditor"
    assert (out / "isms/evidence-requests/index.html").exists() is shown
    assert (out / "isms/exports/evidence-requests.xlsx").exists() is shown
    if shown:
        with zipfile.ZipFile(out / "isms/exports/evidence-requests.xlsx") as workbook:
            listed = "".join(workbook.read(name).decode("utf-8") for name in workbook.namelist())
        evidence = [m for m, level in markers.levels.items() if level == "confidential" and m in listed]
        assert evidence, "the request list names the evidence it lists"


@pytest.mark.parametrize("audience", list(AUDIENCE))
def test_an_audience_pack_holds_nothing_above_its_audience(
    marked: tuple[Path, Markers], audience: str, tmp_path: Path
) -> None:
    root, markers = marked
    repo = tmp_path / "repo"
    shutil.copytree(root, repo)
    commit_all(repo, "marked", "2026-11-28T12:00:00+00:00")
    out = tmp_path / "out"
    out.mkdir()
    result = isms(
        "pack", "--audience", audience, "--out", str(out), "--version", "1", "--as-of", "2026-11-28", cwd=repo
    )
    assert (result.returncode, result.stdout) == (0, f"wrote {out / '1.pdf'}\n"), result.stderr
    text = subprocess.run(["pdftotext", str(out / "1.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    found, allowed = markers.judge(text, audience)
    assert sorted(found - allowed) == [], "leaked above the audience into the pack"
    at_level = {marker for marker, level in markers.levels.items() if LEVEL[level] == AUDIENCE[audience]}
    assert found & at_level, "the pack holds nothing the audience may read at its own level"
