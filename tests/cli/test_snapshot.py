"""``isms snapshot``: deterministic, checksummed, atomic, strict, and readable offline from file://."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL, copy_example
from tests.support.gitrepo import commit_all, git, isms
from tests.support.synthetic import generate

AS_OF = dt.date(2026, 6, 30)
COMMIT_DATE = "2026-06-30T12:00:00+00:00"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("snap") / "repo"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    commit_all(root, "ISMS 1.0", COMMIT_DATE)
    return root


@pytest.fixture(scope="module")
def archives(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    for out in (first, second):
        result = isms("snapshot", "--root", str(repo), "--out", str(out), "--version", "1.0")
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"wrote {out / '1.0.tar.gz'}\n"
    return first / "1.0.tar.gz", second / "1.0.tar.gz"


@pytest.fixture(scope="module")
def unpacked(archives: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(archives[0], "r:gz") as archive:
        archive.extractall(where, filter="data")
    return where / "1.0"


def test_two_snapshots_of_one_commit_are_byte_identical(archives: tuple[Path, Path]) -> None:
    first, second = archives
    assert first.read_bytes() == second.read_bytes()
    assert hashlib.sha256(first.read_bytes()).hexdigest() == hashlib.sha256(second.read_bytes()).hexdigest()


def test_archive_is_normalised(archives: tuple[Path, Path]) -> None:
    data = archives[0].read_bytes()
    assert data[4:8] == b"\0\0\0\0"  # gzip mtime 0
    assert data[3] & 0x08 == 0  # no file name in the gzip header
    with tarfile.open(archives[0], "r:gz") as archive:
        members = archive.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names, key=lambda n: n.split("/")) or names[0] == "1.0"
    assert all(name == "1.0" or name.startswith("1.0/") for name in names)
    epoch = int(dt.datetime.fromisoformat(COMMIT_DATE).timestamp())
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(epoch, 0, 0, "", "")}
    assert {m.mode for m in members if m.isfile()} == {0o644}
    assert {m.mode for m in members if m.isdir()} == {0o755}


def test_sha256sum_verifies_and_catches_a_changed_byte(unpacked: Path, tmp_path: Path) -> None:
    ok = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=unpacked, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    listed = (unpacked / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    files = sorted(p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file())
    assert sorted(line.split("  ", 1)[1] for line in listed) == [f for f in files if f != "SHA256SUMS"]

    copy = tmp_path / "copy"
    shutil.copytree(unpacked, copy)
    page = copy / "isms" / "soa.html"
    data = bytearray(page.read_bytes())
    data[200] ^= 0x01
    page.write_bytes(bytes(data))
    bad = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=copy, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert "isms/soa.html: FAILED" in bad.stdout
    assert bad.stdout.count("FAILED") == 1


def test_snapshot_json_names_version_commit_as_of_and_tools(repo: Path, unpacked: Path) -> None:
    facts = json.loads((unpacked / "snapshot.json").read_text(encoding="utf-8"))
    assert facts["version"] == "1.0"
    assert facts["commit"] == git(repo, "rev-parse", "HEAD")
    assert facts["as_of"] == "2026-06-30"
    assert facts["organisation"]
    assert set(facts["tools"]) >= {"python", "isms", "mkdocs", "material", "macros", "pydantic", "pyyaml", "pypdf"}
    assert "not installed" not in facts["tools"].values()


def test_every_page_has_the_banner_and_nothing_of_the_build_machine(repo: Path, unpacked: Path) -> None:
    commit = git(repo, "rev-parse", "HEAD")
    pages = sorted(unpacked.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.count('class="isms-snapshot-banner"') == 1, page
        assert "Snapshot 1.0" in text and commit[:12] in text and "2026-06-30" in text
    today = dt.date.today().isoformat()
    # The build machine's date must not leak into a snapshot; a date the ISMS itself records (the fixture
    # plans audits on many days, so one of them is sometimes today) is data, not a leak.
    recorded = any(today in path.read_text(encoding="utf-8") for path in _sources(repo))
    host = socket.gethostname()
    for path in unpacked.rglob("*"):
        if not path.is_file() or path.relative_to(unpacked).parts[:2] in {
            ("assets", "javascripts"),
            ("assets", "stylesheets"),
        }:
            continue  # the theme's own files are copied verbatim
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as workbook:
                data = b"\n".join(workbook.read(name) for name in workbook.namelist())
        assert recorded or today.encode() not in data, path
        assert not re.search(rb"(?<![\w-])" + re.escape(host.encode()) + rb"(?![\w-])", data), path


def _sources(repo: Path) -> list[Path]:
    """The files of the ISMS that a snapshot renders: registers, documents and the site configuration."""
    return [path for path in repo.rglob("*") if path.is_file() and ".git" not in path.parts]


def test_exports_and_a_changes_page_are_inside(unpacked: Path) -> None:
    for name in ("soa.xlsx", "soa.csv", "soa.json", "risks.xlsx", "rtp.xlsx", "model.json", "model.schema.json"):
        assert (unpacked / "isms" / "exports" / name).is_file(), name
    model = json.loads((unpacked / "isms" / "exports" / "model.json").read_text(encoding="utf-8"))
    assert model["stamp"]["version"] == "1.0"
    changes = (unpacked / "isms" / "changes.html").read_text(encoding="utf-8")
    assert "No previous version" in changes


def test_a_dirty_tree_is_refused(repo: Path, tmp_path: Path) -> None:
    scratch = tmp_path / "repo"
    shutil.copytree(repo, scratch)
    (scratch / "docs" / "index.md").write_text("# changed\n", encoding="utf-8")
    result = isms("snapshot", "--root", str(scratch), "--out", str(tmp_path))
    assert result.returncode == 2
    assert "uncommitted changes — commit or stash them first" in result.stderr
    assert " M docs/index.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.glob("*.tar.gz*")) == [] and list(tmp_path.glob(".*part")) == []


def test_bad_input_gives_a_message_not_a_traceback(repo: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    no_git = isms("snapshot", "--root", str(plain), "--out", str(tmp_path))
    assert no_git.returncode == 2
    assert "is not in a git repository" in no_git.stderr
    missing = isms("snapshot", "--root", str(repo), "--out", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "is not a folder — create it first" in missing.stderr
    bad_version = isms("snapshot", "--root", str(repo), "--out", str(tmp_path), "--version", "../x")
    assert bad_version.returncode == 2 and "version '../x'" in bad_version.stderr
    for result in (no_git, missing, bad_version):
        assert "Traceback" not in result.stderr


def test_a_failing_build_leaves_nothing_and_keeps_a_good_archive(
    repo: Path, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    good = out / "1.0.tar.gz"
    shutil.copy(archives[0], good)
    broken = tmp_path / "broken"
    shutil.copytree(repo, broken)
    page = sorted((broken / "docs").rglob("*.md"))[-1]
    page.write_text(page.read_text(encoding="utf-8") + "\n[a broken link](missing-page.md)\n", encoding="utf-8")
    commit_all(broken, "break a link", "2026-07-01T12:00:00+00:00")
    result = isms("snapshot", "--root", str(broken), "--out", str(out), "--version", "1.0", "--force")
    assert result.returncode == 1
    assert "the strict build of" in result.stderr and "missing-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["1.0.tar.gz"]
    assert good.read_bytes() == archives[0].read_bytes()


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_an_interrupted_snapshot_leaves_nothing(repo: Path, tmp_path: Path, how: signal.Signals) -> None:
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "isms", "snapshot", "--root", str(repo), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    deadline = time.monotonic() + 30
    while not list(out.glob(".*.part")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(out.glob(".*.part")), "the snapshot never started writing"
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert list(out.iterdir()) == []
    assert process.returncode == 130, stderr.decode()
    assert stderr.decode() in ("isms: interrupted — no archive was written\n", "isms snapshot: interrupted\n")


INTERRUPT_IN_EXEC = """
import os, signal, sys
import isms.plugin.snapshot as snapshot
from isms.cli.main import main

def build_site(*args, **kwargs):
    # Like a dataclass being made while a module is imported: the signal lands in code run from a string.
    exec("os.kill(os.getpid(), signal.SIGTERM)\\nfor _ in range(10**7): pass", {"os": os, "signal": signal})

snapshot.build_site = build_site
sys.exit(main(sys.argv[1:]))
"""


def test_a_signal_inside_code_run_from_a_string_still_exits_130(repo: Path, tmp_path: Path) -> None:
    """The flaky [kill] case made certain: a KeyboardInterrupt leaving a string exec made python -m die by SIGINT."""
    (tmp_path / "interrupt_in_exec.py").write_text(INTERRUPT_IN_EXEC, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "interrupt_in_exec", "snapshot", "--root", str(repo), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert (result.returncode, result.stderr) == (130, "isms: interrupted — no archive was written\n")
    assert list(out.iterdir()) == []


def test_a_version_ending_in_a_newline_is_refused(repo: Path, tmp_path: Path) -> None:
    result = isms("snapshot", "--root", str(repo), "--out", str(tmp_path), "--version", "1.0\n")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "isms: error: version '1.0\\n': use letters, digits, '.', '_', '+' and '-' only (e.g. 2026.1)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_another_commit_under_the_same_version_is_refused_unless_forced(
    repo: Path, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(archives[0], out / "1.0.tar.gz")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    (clone / "docs" / "index.md").write_text("# Changed after 1.0\n", encoding="utf-8")
    commit_all(clone, "a change after 1.0", "2026-07-01T12:00:00+00:00")
    first = git(repo, "rev-parse", "HEAD")[:12]

    refused = isms("snapshot", "--root", str(clone), "--out", str(out), "--version", "1.0")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"isms: error: {out / '1.0.tar.gz'} already holds version 1.0, made from commit {first} — "
        "give another --version, or --force to replace it\n"
    )
    assert (out / "1.0.tar.gz").read_bytes() == archives[0].read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["1.0.tar.gz"]

    forced = isms("snapshot", "--root", str(clone), "--out", str(out), "--version", "1.0", "--force")
    assert forced.returncode == 0, forced.stderr
    with tarfile.open(out / "1.0.tar.gz", "r:gz") as archive:
        member = archive.extractfile("1.0/snapshot.json")
        assert member is not None
        assert json.loads(member.read())["commit"] == git(clone, "rev-parse", "HEAD")


def test_a_full_disk_gives_one_line_and_leaves_nothing(repo: Path, tmp_path: Path) -> None:
    from tests.cli.test_writes import mounted  # noqa: PLC0415

    with mounted(tmp_path / "full", "size=256k") as full:
        result = isms("snapshot", "--root", str(repo), "--out", str(full), "--version", "1.0")
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"isms: error: cannot write {full / '1.0.tar.gz'}: No space left on device\n"
        assert list(full.iterdir()) == []


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat_file.parent.name))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it ended meanwhile
        return b""


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its reaper has stopped running)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child is tied to its parent on Linux")
def test_a_killed_snapshot_takes_its_build_along_and_the_next_run_cleans_up(repo: Path, tmp_path: Path) -> None:
    out, temp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    temp.mkdir()
    # Named nearly like ours, or ours but not abandoned: the clean-up must leave all of them alone.
    keep = [out / ".notes.part", out / "1.0.tar.gz.part", temp / "isms-snapshot-fresh", temp / "other"]
    for path in keep:
        path.mkdir() if path.parent == temp else path.write_text("not ours\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "isms", "snapshot", "--root", str(repo), "--out", str(out), "--version", "1.0"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    builds: list[int] = []
    while not builds and time.monotonic() < deadline and process.poll() is None:
        builds = [pid for pid in _children(process.pid) if b"snapshot_build" in _cmdline(pid) and _alive(pid)]
        time.sleep(0.02)
    assert builds, "the child build never started"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in builds) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in builds), "the build outlived its killed parent"
    [left] = [p for p in out.iterdir() if p not in keep]
    assert left.name.startswith(".1.0.") and left.name.endswith(".tar.gz.part")
    [work] = [p for p in temp.iterdir() if p not in keep]
    assert work.name.startswith("isms-snapshot-")
    time.sleep(0.05)  # what was left is older than the next run

    again = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert again.returncode == 0, again.stderr
    assert sorted(out.iterdir()) == sorted([out / "1.0.tar.gz", *keep[:2]])
    assert sorted(temp.iterdir()) == sorted(keep[2:])


def test_the_clean_up_spares_a_live_run_and_what_is_not_ours(tmp_path: Path) -> None:
    import fcntl  # noqa: PLC0415

    from isms.plugin.snapshot import remove_stale  # noqa: PLC0415

    out, temp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    temp.mkdir()
    live, dead = out / ".1.0.abcd1234.tar.gz.part", out / ".1.0.efgh5678.tar.gz.part"
    new = out / ".2.0.ijkl9012.tar.gz.part"
    link = out / ".3.0.mnop3456.tar.gz.part"
    work_dead, work_live = temp / "isms-snapshot-qrst7890", temp / "isms-snapshot-uvwx1234"
    for path in (live, dead):
        path.write_bytes(b"partial")
    work_dead.mkdir()
    (work_dead / "site").mkdir()
    work_live.mkdir()
    link.symlink_to(dead)
    old = time.time() - 60
    for path in (live, dead, work_dead, work_live):
        os.utime(path, (old, old))
    before = time.time()
    new.write_bytes(b"partial")  # written by a run that started after this one: not older than it
    os.utime(new, (before + 1, before + 1))
    holder = os.open(live, os.O_RDONLY)
    folder = os.open(work_live, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        fcntl.flock(folder, fcntl.LOCK_EX)
        removed = remove_stale(out, temp, before)
    finally:
        os.close(holder)
        os.close(folder)
    assert removed == [dead, work_dead]
    assert sorted(p.name for p in out.iterdir()) == sorted([live.name, new.name, link.name])
    assert sorted(p.name for p in temp.iterdir()) == [work_live.name]
    assert remove_stale(out, temp, before) == [live, work_live]  # their holders are gone now


def test_archive_opens_from_file_urls_with_the_network_blocked(unpacked: Path, tmp_path: Path) -> None:
    from tests.browser.test_browser import CHROMIUM, FLAGS, _require_chromium, _search  # noqa: PLC0415

    _require_chromium()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    allowed: list[str] = []
    blocked: list[str] = []

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            allowed.append(url)
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    policy = next(p for p in sorted((unpacked / "policies").glob("*.html")))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        page.goto((unpacked / "index.html").as_uri())
        banner = page.locator(".isms-snapshot-banner")
        assert "Snapshot 1.0" in banner.inner_text()
        page.screenshot(path=str(tmp_path / "home.png"))

        # The navigation leads to the SoA, and from there to a control page.
        page.locator("a.md-tabs__link", has_text="ISMS").first.click()  # a tab per top-level section
        page.locator("nav.md-nav a", has_text="Statement of Applicability").first.click()
        page.wait_for_url("**/isms/soa.html")
        page.locator("tr#soa-5-15 a", has_text="5.15").first.click()
        page.wait_for_url("**/isms/controls/5-15.html")
        assert "5.15 Access control" in page.locator("h1").first.inner_text()

        # Search, served from the inlined index through the local worker shim, finds a policy.
        title = policy.read_text(encoding="utf-8").split("<h1", 1)[1].split(">", 1)[1].split("<", 1)[0]
        page.goto((unpacked / "index.html").as_uri())
        page.locator("label.md-search__icon, .md-search__input").first.click()
        _search(page, title, title)
        page.screenshot(path=str(tmp_path / "search.png"))
        exact = page.locator("h1", has_text=re.compile(f"^{re.escape(title)}$"))
        page.locator("a.md-search-result__link").filter(has=exact).first.click()
        page.wait_for_url(f"**/policies/{policy.name}")
        assert title in page.locator("h1").first.inner_text()
        browser.close()

    assert blocked == []
    assert len(allowed) > 10
    assert errors == []


def test_snapshot_of_the_example(tmp_path: Path) -> None:
    """The real example, committed into a scratch repository, snapshots strictly and verifies."""
    root = copy_example(tmp_path / "example")
    commit_all(root, "example", "2026-11-28T09:00:00+00:00")
    out = tmp_path / "out"
    out.mkdir()
    result = isms("snapshot", "--root", str(root), "--out", str(out), "--version", "2026.1")
    assert result.returncode == 0, result.stderr
    with tarfile.open(out / "2026.1.tar.gz", "r:gz") as archive:
        archive.extractall(tmp_path / "x", filter="data")
    top = tmp_path / "x" / "2026.1"
    check = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=top, capture_output=True, check=False)
    assert check.returncode == 0
    soa = (top / "isms" / "soa.html").read_text(encoding="utf-8")
    assert "Snapshot 2026.1" in soa and "2026-11-28" in soa
    assert '"provider": "mike"' not in soa  # one frozen version: no version selector
    facts = json.loads((top / "snapshot.json").read_text(encoding="utf-8"))
    assert facts["organisation"] == "Brightwater Analytics"


def test_diff_between_two_snapshots_and_the_changes_page_inside(
    repo: Path, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    git(clone, "tag", "v1.0")
    risks = clone / "registers" / "risks.yml"
    text = risks.read_text(encoding="utf-8")
    old = "    inherent: {likelihood: 2, impact: 4}\n    residual: {likelihood: 1, impact: 4}\n"
    assert text.index(old) < text.index("  - id: R-0002")
    text = text.replace(old, old.replace("likelihood: 2", "likelihood: 5"), 1)
    # ... and the changed register is approved again (else isms diff reports an unapproved change).
    text = re.sub(r'^version: "([^"]+)"$', r'version: "\1.1"', text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^approved_on: \S+$", "approved_on: 2026-07-15", text, count=1, flags=re.MULTILINE)
    risks.write_text(text, encoding="utf-8")
    commit_all(clone, "R-0001 is more likely", "2026-07-15T12:00:00+00:00")
    made = isms("snapshot", "--root", str(clone), "--out", str(tmp_path), "--version", "1.1")
    assert made.returncode == 0, made.stderr

    result = isms("diff", str(archives[0]), str(tmp_path / "1.1.tar.gz"), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["documents"], report["soa"], report["treatments"]) == ([], [], [])
    [change] = report["risks"]
    assert (change["change"], change["id"]) == ("inherent level", "R-0001")
    assert change["old"] != change["new"]
    assert (report["old"]["version"], report["new"]["version"]) == ("1.0", "1.1")

    with tarfile.open(tmp_path / "1.1.tar.gz", "r:gz") as archive:
        member = archive.extractfile("1.1/isms/changes.html")
        assert member is not None
        page = member.read().decode("utf-8")
    assert "From <strong>v1.0</strong>" in unescape(page)
    assert "<td>inherent level</td><td>R-0001</td>" in page


def test_as_of_overrides_the_commit_date(repo: Path, tmp_path: Path) -> None:
    result = isms("snapshot", "--root", str(repo), "--out", str(tmp_path), "--as-of", "2026-07-01")
    assert result.returncode == 0, result.stderr
    commit = git(repo, "rev-parse", "HEAD")
    archive = tmp_path / f"{commit[:12]}.tar.gz"  # no tag and no --version: the short commit names it
    assert result.stdout == f"wrote {archive}\n"
    with tarfile.open(archive, "r:gz") as tar:
        facts_file = tar.extractfile(f"{commit[:12]}/snapshot.json")
        assert facts_file is not None
        facts = json.loads(facts_file.read())
        page = tar.extractfile(f"{commit[:12]}/isms/risks.html")
        assert page is not None
        html = page.read().decode("utf-8")
    assert facts["as_of"] == "2026-07-01"
    assert '<time datetime="2026-07-01">2026-07-01</time>' in html
    assert "Dates as of 2026-07-01." in html


@pytest.mark.parametrize("target", ["/etc/passwd", "../../outside.txt"], ids=["absolute", "up-and-out"])
def test_a_committed_link_leaving_the_repository_is_refused_not_a_traceback(tmp_path: Path, target: str) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    commit_all(root, "first")
    git(root, "tag", "v1")
    os.symlink(target, root / "docs" / "leak.txt")
    second = commit_all(root, "a link", "2026-07-01T12:00:00+00:00")
    out = tmp_path / "out"
    out.mkdir()
    message = (
        f"docs/leak.txt is a symbolic link leaving the repository ({target}) — nothing outside the repository"
        " is read; remove the link and commit\n"
    )
    snapshot = isms("snapshot", "--root", str(root), "--out", str(out), "--version", "1.0")
    assert (snapshot.returncode, snapshot.stderr) == (2, f"isms: error: commit {second[:12]}: {message}")
    assert list(out.iterdir()) == []
    diff = isms("diff", "--root", str(root), "v1", "HEAD")
    assert (diff.returncode, diff.stdout, diff.stderr) == (2, "", f"isms: error: commit {second[:12]}: {message}")


def test_a_sample_drawn_into_the_snapshot_is_the_one_isms_sample_draws(repo: Path, tmp_path: Path) -> None:
    args = ("--seed", "cb-stage-2", "--controls", "4", "--risks", "2", "--records", "3")
    sampled = isms("sample", "--root", str(repo), "--as-of", AS_OF.isoformat(), "--format", "json", *args)
    assert sampled.returncode == 0, sampled.stderr
    snap_args = [f"--sample-{arg[2:]}" if arg.startswith("--") else arg for arg in args]
    result = isms("snapshot", "--root", str(repo), "--out", str(tmp_path), "--version", "1.0-s", *snap_args)
    assert result.returncode == 0, result.stderr
    with tarfile.open(tmp_path / "1.0-s.tar.gz", "r:gz") as tar:
        members = {name: tar.extractfile(f"1.0-s/{name}") for name in ("sample.json", "snapshot.json", "SHA256SUMS")}
        texts = {name: member.read().decode("utf-8") for name, member in members.items() if member is not None}
    assert json.loads(texts["sample.json"]) == json.loads(sampled.stdout)
    assert json.loads(texts["snapshot.json"])["sample"] == {"seed": "cb-stage-2", "file": "sample.json"}
    assert re.search(r"^[0-9a-f]{64}  sample\.json$", texts["SHA256SUMS"], flags=re.M)
