"""Commands never destroy what they did not write, write only regular files, and answer what they cannot do
with one line on stderr and exit 2 — never a traceback — for every input and surrounding tested here."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from isms.cli.main import main
from tests.conftest import Repo
from tests.support.gitrepo import commit_all, isms

ORG_SOA = "  - {control: ORG.1, applicable: true, reasons: [best practice], status: planned}\n"
MARKER = ".isms-build"  # what isms build leaves in a folder it wrote (documented in the README)
SITE_CONFIG = "site_name: Test ISMS\ntheme: {name: material}\nplugins: [isms]\n"


@contextmanager
def mounted(where: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at ``where`` (a full or read-only disk for real); skips where mounting is not allowed."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def no_git_path(tmp_path: Path) -> str:
    """A PATH with the interpreter's folder but no git: links to every program of /usr/bin and /bin but git."""
    shadow = tmp_path / "bin-without-git"
    shadow.mkdir()
    for folder in ("/usr/local/bin", "/usr/bin", "/bin"):
        for program in Path(folder).glob("*"):
            if program.name != "git" and not (shadow / program.name).exists():
                (shadow / program.name).symlink_to(program)
    return str(shadow)


# --- 9. isms diff with an organisation control ------------------------------------------------------


def test_diff_sorts_an_organisation_control_after_annex_a(repo: Repo) -> None:
    repo.write("registers/soa.yml", repo.read("registers/soa.yml") + ORG_SOA)
    commit_all(repo.root, "v1.0", "2026-11-01T12:00:00+00:00")
    same = isms("diff", "HEAD", "HEAD", "--root", str(repo.root))
    assert (same.returncode, same.stderr) == (0, "")
    assert "No changes to documents, the SoA, risks or treatments." in same.stdout

    repo.replace("registers/soa.yml", ORG_SOA, ORG_SOA.replace("planned", "partial"))
    repo.replace(
        "registers/soa.yml",
        '{control: "5.10", applicable: true, reasons: [best practice], status: planned}',
        '{control: "5.10", applicable: true, reasons: [best practice], status: partial}',
    )
    repo.replace("registers/soa.yml", 'version: "1.0"', 'version: "1.1"')  # the changed SoA is approved again
    repo.replace("registers/soa.yml", "approved_on: 2026-01-15", "approved_on: 2026-11-20")
    commit_all(repo.root, "ORG.1 and 5.10 partly in place", "2026-11-20T12:00:00+00:00")
    changed = isms("diff", "HEAD~1", "HEAD", "--format", "json", "--root", str(repo.root))
    assert (changed.returncode, changed.stderr) == (0, "")
    soa = [(change["id"], change["old"], change["new"]) for change in json.loads(changed.stdout)["soa"]]
    assert soa == [("5.10", "planned", "partial"), ("ORG.1", "planned", "partial")]


# --- 12. one line and exit 2, never a traceback ------------------------------------------------------


def test_due_within_more_days_than_a_date_can_hold(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["due", "--within", "999999999999", "--as-of", "2026-11-28", "--root", str(repo.root)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == (
        "isms: error: --within 999999999999: that many days after 2026-11-28 is past the year 9999 — give fewer days\n"
    )
    assert captured.out == ""


def test_diff_of_a_hand_made_archive_says_what_is_wrong(repo: Repo, tmp_path: Path) -> None:
    commit_all(repo.root, "v1.0", "2026-11-01T12:00:00+00:00")
    cases = {
        "list": [1, 2],
        "soa-row": {"soa": [{"applicable": True}]},
        "front-matter": {"documents": [{"front_matter": {"id": 7, "title": "T", "version": "1"}}]},
        "levels": {"risks": "none"},
    }
    expected = {
        "list": "not a JSON object",
        "soa-row": "soa[0] has no 'control'",
        "front-matter": "documents[0].front_matter.id is not text",
        "levels": "'risks' is not a list",
    }
    for name, data in cases.items():
        archive = tmp_path / f"{name}.tar.gz"
        payload = json.dumps(data).encode()
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w") as tar:
            info = tarfile.TarInfo("1.0/isms/exports/model.json")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        archive.write_bytes(gzip.compress(raw.getvalue()))
        result = isms("diff", str(archive), "HEAD", "--root", str(repo.root))
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            f"isms: error: {archive}: isms/exports/model.json is not a model export made by isms ({expected[name]})\n"
        )


def test_diff_and_snapshot_say_git_is_missing(repo: Repo, tmp_path: Path) -> None:
    commit_all(repo.root, "v1.0", "2026-11-01T12:00:00+00:00")
    env = {**os.environ, "PATH": no_git_path(tmp_path), "NO_MKDOCS_2_WARNING": "1"}
    assert shutil.which("git", path=env["PATH"]) is None
    diff = subprocess.run(
        [sys.executable, "-m", "isms", "diff", "HEAD~0", "--root", str(repo.root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (diff.returncode, diff.stderr) == (
        2,
        "isms: error: git is not installed (not found on PATH), so 'HEAD~0' cannot be read — install git\n",
    )
    snap = subprocess.run(
        [sys.executable, "-m", "isms", "snapshot", "--root", str(repo.root), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (snap.returncode, snap.stderr) == (
        2,
        "isms: error: git is not installed (not found on PATH) — install git; a snapshot shows one commit\n",
    )


# --- 11. isms export writes only regular files --------------------------------------------------------


def _special_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Paths an export must not replace, each with how the refusal names it."""
    target = tmp_path / "precious.csv"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    special = {"symlink": (link, "a symbolic link"), "fifo": (fifo, "a named pipe"), "folder": (tmp_path, "a folder")}
    if os.geteuid() == 0:  # a device node of our own (never /dev/full itself: before the fix it was replaced)
        device = tmp_path / "full.csv"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        special["device"] = (device, "a device")
    return special


def test_export_refuses_links_pipes_devices_and_folders(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name, (path, kind) in _special_files(out).items():
        before = path.lstat()
        argv = ["export", "soa", "--format", "csv", "--out", str(path), "--as-of", "2026-11-28"]
        code = main([*argv, "--root", str(repo.root)])
        captured = capsys.readouterr()
        assert code == 2, name
        assert captured.err == f"isms: error: {path} is {kind}, not a regular file — give the name of a file to write\n"
        after = path.lstat()
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode), name
    assert (out / "precious.csv").read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".part")) == []


def test_export_of_the_model_refuses_a_link_where_its_schema_goes(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "elsewhere.json").write_text("{}", encoding="utf-8")
    (tmp_path / "model.schema.json").symlink_to(tmp_path / "elsewhere.json")
    code = main(["export", "model", "--out", str(tmp_path / "model.json"), "--root", str(repo.root)])
    assert code == 2
    assert capsys.readouterr().err == (
        f"isms: error: {tmp_path / 'model.schema.json'} is a symbolic link, not a regular file"
        " — give the name of a file to write\n"
    )
    assert not (tmp_path / "model.json").exists()
    assert (tmp_path / "model.schema.json").is_symlink()


def test_export_replaces_a_regular_file(repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "soa.csv"
    out.write_text("old\n", encoding="utf-8")
    code = main(["export", "soa", "--out", str(out), "--as-of", "2026-11-28", "--root", str(repo.root)])
    assert code == 0, capsys.readouterr().err
    assert out.read_text(encoding="utf-8") != "old\n" and stat.S_ISREG(out.lstat().st_mode)


# --- 10. isms build --out never empties a folder it did not build ---------------------------------------


def site(repo: Repo) -> Repo:
    repo.write("mkdocs.yml", SITE_CONFIG)
    return repo


def build(repo: Repo, out: Path | str) -> tuple[int, str, str]:
    result = isms("build", "--audience", "staff", "--out", str(out), "--as-of", "2026-11-28", cwd=repo.root)
    return result.returncode, result.stdout, result.stderr


def test_build_refuses_a_folder_that_is_not_an_earlier_build(repo: Repo) -> None:
    site(repo)
    before = sorted(p.name for p in repo.path("registers").iterdir())
    code, out, err = build(repo, "registers")
    assert (code, out) == (2, "")
    assert err == (
        "isms: error: registers is not empty and holds no site built before — a build replaces everything in it;"
        " give a new or empty folder\n"
    )
    assert sorted(p.name for p in repo.path("registers").iterdir()) == before
    code, out, err = build(repo, ".")
    assert code == 2 and err.startswith("isms: error: . is not empty and holds no site built before")


def test_build_refuses_a_file(repo: Repo) -> None:
    site(repo)
    assert build(repo, "/dev/null") == (2, "", "isms: error: /dev/null is not a folder — give a folder for the site\n")


@pytest.mark.slow
def test_build_replaces_its_own_earlier_build_and_a_folder_of_hidden_files(repo: Repo, tmp_path: Path) -> None:
    site(repo)
    hidden = tmp_path / "checkout"
    hidden.mkdir()
    (hidden / ".git").mkdir()  # e.g. a gh-pages checkout: MkDocs keeps hidden entries
    assert build(repo, hidden) == (0, f"built the staff site in {hidden}\n", "")
    assert (hidden / MARKER).is_file() and (hidden / ".git").is_dir() and (hidden / "isms" / "index.html").is_file()
    (hidden / "stale.html").write_text("from the build before\n", encoding="utf-8")
    assert build(repo, hidden) == (0, f"built the staff site in {hidden}\n", "")
    assert not (hidden / "stale.html").exists()
    # A site MkDocs itself built (no marker) is recognised by its sitemap beside the generated pages.
    (hidden / MARKER).unlink()
    assert build(repo, hidden)[0] == 0


@pytest.mark.slow
def test_a_failed_build_leaves_the_earlier_site_whole(repo: Repo, tmp_path: Path) -> None:
    """The site is built beside --out and swapped in: a build that fails never leaves half a site."""
    site(repo)
    out = tmp_path / "sites" / "staff"
    assert build(repo, out)[0] == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    page = repo.path("docs/index.md")
    page.write_text(page.read_text(encoding="utf-8") + "\n[a broken link](missing-page.md)\n", encoding="utf-8")
    result = isms("build", "--audience", "staff", "--strict", "--out", str(out), "--as-of", "2026-11-28", cwd=repo.root)
    assert result.returncode == 1 and "missing-page.md" in result.stderr
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in out.parent.iterdir()] == ["staff"]  # no half-built or old copy left beside it


@pytest.mark.slow
def test_build_into_a_read_only_or_full_disk(repo: Repo, tmp_path: Path) -> None:
    site(repo)
    with mounted(tmp_path / "ro", "ro,size=1m") as read_only:
        assert build(repo, read_only / "site") == (
            2,
            "",
            f"isms: error: cannot write the site to {read_only / 'site'}: Read-only file system\n",
        )
    with mounted(tmp_path / "full", "size=200k") as full:
        assert build(repo, full / "site") == (
            2,
            "",
            f"isms: error: cannot write the site to {full / 'site'}: No space left on device\n",
        )
