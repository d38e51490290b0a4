"""Audience builds and drafts: each build holds nothing above its audience, in any file it writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from isms.core.audience import restrict
from isms.core.load import load
from isms.site.withheld import built_urls, unlink
from tests.conftest import MINIMAL, Repo, copy_example
from tests.support.sitewalk import broken_links, everything

PUBLIC = "Xylophone-marker: public policy sentence."
INTERNAL = "Quokka-marker: internal policy sentence."
CONFIDENTIAL_DOCUMENT = "Zebra-quartz-marker: confidential audit report sentence."
CONFIDENTIAL_ENTRY = "Narwhal-marker confidential risk"
DRAFT = "Pangolin-marker: draft standard sentence."
CONFIDENTIAL_TITLE = "Management Review Minutes - 15 October 2026"


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example with a unique sentence at each classification, a draft, and a confidential entry."""
    root = copy_example(tmp_path_factory.mktemp("example"))
    append(root / "docs/policies/information-security-policy.md", PUBLIC)
    append(root / "docs/policies/backup.md", INTERNAL)
    append(root / "docs/records/internal-audit-report-2026-02.md", CONFIDENTIAL_DOCUMENT)
    append(root / "docs/policies/generative-ai-use.md", DRAFT)
    risks = root / "registers/risks.yml"
    old = "    title: Credential phishing leads to takeover of staff SaaS accounts\n"
    text = risks.read_text(encoding="utf-8")
    assert text.count(old) == 1
    risks.write_text(text.replace(old, f"    title: {CONFIDENTIAL_ENTRY} phishing\n"), encoding="utf-8")
    # A git repository with a previous release, so the site's "changes since" page compares with it.
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "v0.9"], cwd=root, check=True)
    subprocess.run([*git, "tag", "v0.9"], cwd=root, check=True)
    append(root / "docs/index.md", "A later change.")
    subprocess.run([*git, "commit", "-q", "-am", "later"], cwd=root, check=True)
    return root


def build(root: Path, audience: str, *extra: str) -> Path:
    out = root / f"site-{audience}{''.join(extra)}"
    result = subprocess.run(
        [sys.executable, "-m", "isms", "build", "--audience", audience, "--out", str(out), "--strict", *AS_OF, *extra],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"built the {audience} site in {out}\n"
    assert "Traceback" not in result.stderr
    return out


AS_OF = ("--as-of", "2026-11-28")
MARKERS = (PUBLIC, INTERNAL, CONFIDENTIAL_DOCUMENT, CONFIDENTIAL_ENTRY, CONFIDENTIAL_TITLE, DRAFT)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("audience", "shown"),
    [
        ("public", {PUBLIC}),
        ("staff", {PUBLIC, INTERNAL}),
        ("auditor", {PUBLIC, INTERNAL, CONFIDENTIAL_DOCUMENT, CONFIDENTIAL_ENTRY, CONFIDENTIAL_TITLE}),
    ],
)
def test_an_audience_build_holds_nothing_above_it(example: Path, audience: str, shown: set[str]) -> None:
    site = build(example, audience)
    text = everything(site)
    assert {marker for marker in MARKERS if marker in text} == shown
    assert (site / "search" / "search_index.json").is_file() and (site / "sitemap.xml").is_file()
    assert broken_links(site) == []
    policy = (site / "policies/information-security-policy/index.html").read_text(encoding="utf-8")
    assert 'aria-label="Document control"' in policy
    assert (site / "isms/reference/registers/index.html").is_file(), "the reference holds no ISMS data: always built"
    if audience != "auditor":
        assert not (site / "isms/risks").exists() and not (site / "records").exists()
        assert "records/internal-audit-report-2026-02/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    if audience == "public":
        assert not (site / "policies/backup").exists() and not (site / "isms/soa").exists()


@pytest.mark.slow
def test_drafts_are_shown_when_asked_for_and_marked(example: Path) -> None:
    site = build(example, "staff", "--drafts")
    text = everything(site)
    assert DRAFT in text and CONFIDENTIAL_DOCUMENT not in text
    page = (site / "policies/generative-ai-use/index.html").read_text(encoding="utf-8")
    assert "This document is not approved." in page
    assert broken_links(site) == []


def test_restrict_leaves_out_what_the_audience_may_not_read() -> None:
    model, _ = load(MINIMAL)
    everyone = restrict(model, None, drafts=True)
    assert not everyone.active and everyone.model is model
    staff = restrict(model, "staff", drafts=False)
    assert staff.registers == {"incidents"}  # the minimal registers are internal (the default) but incidents
    assert staff.model.incidents == [] and staff.withheld["incident"] == {"INC-1", "INC-2"}
    assert not staff.page_shown("isms/incidents.md") and staff.page_shown("isms/suppliers.md")
    public = restrict(model, "public", drafts=False)
    assert "risks" in public.registers and public.model.risks == []
    assert {"R-1", "R-2", "R-3"} <= public.withheld["risk"]
    assert not public.page_shown("isms/risks.md") and not public.page_shown("isms/controls/5-15.md")
    assert public.page_shown("isms/documents.md") and public.page_shown("isms/index.md")
    assert all(document.meta.classification == "public" for document in public.model.documents)
    assert model.risks, "the original model is left as it was"


def test_unlink_turns_links_to_pages_not_built_into_text() -> None:
    html = (
        '<a href="../../isms/risks/#risk-r-1">R-1</a> <a href="../../isms/soa/">SoA</a> '
        '<a href="#top">top</a> <a href="https://example.org/">out</a> <a class="x" href="../backup/">Backup</a>'
    )
    built = ["isms/soa/", "policies/backup/", "policies/access/"]
    assert unlink(html, "policies/access/", built_urls(built)) == (
        '<span class="isms-withheld">R-1</span> <a href="../../isms/soa/">SoA</a> '
        '<a href="#top">top</a> <a href="https://example.org/">out</a> <a class="x" href="../backup/">Backup</a>'
    )


@pytest.mark.slow
def test_serve_shows_drafts_and_a_build_leaves_them_out(example: Path, tmp_path: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    for command, shown in (("serve", True), ("build", False)):
        out = tmp_path / command
        config = load_config(str(example / "mkdocs.yml"), site_dir=str(out))
        config.plugins["isms"].config["as_of"] = "2026-11-28"
        config.plugins.on_startup(command=command, dirty=False)
        mkdocs_build(config)
        config.plugins["isms"].memory.deferred.wait()  # serve writes the search index after the pages
        assert (out / "policies/generative-ai-use/index.html").is_file() is shown, command
        assert (DRAFT in (out / "search/search_index.json").read_text(encoding="utf-8")) is shown


def test_isms_build_says_what_is_wrong_without_a_traceback(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "repo")
    result = subprocess.run(
        [sys.executable, "-m", "isms", "build", "--audience", "staff", "--out", str(tmp_path / "out")],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "isms: error: mkdocs.yml does not exist — pass --config-file\n"
    bad = subprocess.run(
        [sys.executable, "-m", "isms", "build", "--audience", "everyone", "--out", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "invalid choice: 'everyone'" in bad.stderr


def test_restrict_honours_every_page_and_the_organisation_controls(repo: Repo) -> None:
    """Ordinary pages are internal unless marked; a hidden controls register takes its controls along."""
    repo.write("docs/open.md", "---\ntitle: Open\nclassification: public\n---\n# Open\n")
    repo.write("docs/plain.md", "# Plain\n")
    repo.write("docs/secret.mkd", "---\ntitle: Secret\nclassification: confidential\n---\n# Secret\n")
    repo.replace("registers/controls.yml", 'version: "1.0"\n', 'version: "1.0"\nclassification: confidential\n')
    model, findings = load(repo.root)
    assert findings == []
    shown = {
        audience: (
            sorted(page.src_uri for page in restrict(model, audience, drafts=False).model.pages),
            "ORG.1" in restrict(model, audience, drafts=False).model.catalogue.controls,
        )
        for audience in ("public", "staff", "auditor")
    }
    assert shown == {
        "public": (["open.md"], False),
        "staff": (["index.md", "open.md", "plain.md"], False),
        "auditor": (["index.md", "open.md", "plain.md", "secret.mkd"], True),
    }
    staff = restrict(model, "staff", drafts=False)
    assert staff.documents == {"secret.mkd"} and staff.withheld["control"] == {"ORG.1"}
    assert "ORG.1" in model.catalogue.controls, "the original model is left as it was"


def test_the_evidence_request_list_is_left_out_where_anything_is_hidden_for_its_classification(repo: Repo) -> None:
    """The list says what is missing: in a build that hides a document, the document would read as missing."""
    page = "isms/evidence-requests.md"
    repo.replace("registers/incidents.yml", "classification: confidential", "classification: internal")
    repo.write("docs/secret.md", "---\ntitle: Secret\nclassification: confidential\n---\n# Secret\n")
    repo.write("docs/draft.md", "---\ntitle: Draft\n---\n# Draft\n")
    model, findings = load(repo.root)
    assert findings == []
    staff = restrict(model, "staff", drafts=False)
    assert staff.registers == set() and staff.documents == {"secret.md"}
    assert staff.classified and not staff.page_shown(page)
    assert staff.page_shown("isms/suppliers.md"), "other pages are judged by their registers alone"
    auditor = restrict(model, "auditor", drafts=False)
    assert not auditor.classified and auditor.page_shown(page)
    (repo.root / "docs/secret.md").unlink()
    model, _ = load(repo.root)
    assert restrict(model, "staff", drafts=False).page_shown(page)
