"""``isms sample``: a draw fixed by its seed alone, stable when the population changes, and shown with its seed."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from isms.cli.main import main
from isms.core.sampling import draw, populations
from tests.conftest import AS_OF, Repo


def sample(capsys: pytest.CaptureFixture[str], repo: Repo, *args: str) -> tuple[int, str, str]:
    status = main(["sample", "--root", str(repo.root), "--as-of", AS_OF.isoformat(), *args])
    out, err = capsys.readouterr()
    return status, out, err


def drawn(capsys: pytest.CaptureFixture[str], repo: Repo, *args: str) -> dict[str, list[str]]:
    status, out, _ = sample(capsys, repo, "--format", "json", *args)
    assert status == 0
    data = json.loads(out)
    return {name: [item["id"] for item in part["drawn"]] for name, part in data["populations"].items()}


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(
    capsys: pytest.CaptureFixture[str], repo: Repo
) -> None:
    first = drawn(capsys, repo, "--seed", "stage-2", "--controls", "10")
    assert first == drawn(capsys, repo, "--seed", "stage-2", "--controls", "10")
    assert first != drawn(capsys, repo, "--seed", "stage-3", "--controls", "10")
    assert len(first["controls"]) == 10 and len(set(first["controls"])) == 10


def test_the_draw_is_fixed_by_the_seed_not_by_python(repo: Repo) -> None:
    """The places are SHA-256 digests: this draw is the same on every machine and Python version."""
    model = repo.check().model
    sample = draw(model, AS_OF, "48151623", {"controls": 3, "risks": 2, "records": 2})
    assert [item.id for item in sample.items["controls"]] == EXPECTED_CONTROLS
    assert sample.sizes == {"controls": 92, "risks": 3, "records": 9}


EXPECTED_CONTROLS = ["5.5", "8.28", "8.5"]
"""Worked out apart from the package: sorted(ids, key=sha256("48151623\\0controls\\0control\\0" + id))."""


def test_removing_an_item_not_drawn_leaves_the_draw_unchanged(repo: Repo) -> None:
    before = draw(repo.check().model, AS_OF, "s", {"risks": 1})
    (kept,) = before.items["risks"]
    others = [risk.id for risk in repo.check().model.risks if risk.id != kept.id]
    text = repo.read("registers/risks.yml")
    start = text.index(f"  - id: {others[0]}\n")
    end = text.find("  - id: ", start + 1)
    repo.write("registers/risks.yml", text[:start] + (text[end:] if end != -1 else ""))
    after = draw(repo.check().model, AS_OF, "s", {"risks": 1})
    assert after.items["risks"] == before.items["risks"]
    assert after.sizes["risks"] == before.sizes["risks"] - 1


def test_more_than_there_are_draws_them_all(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    assert sorted(drawn(capsys, repo, "--seed", "x", "--risks", "50")["risks"]) == ["R-1", "R-2", "R-3"]


def test_records_are_judged_as_of_the_day(repo: Repo) -> None:
    model = repo.check().model
    ids = {item.id for item in populations(model, AS_OF)["records"]}
    assert {"MR-2026", "IA-1", "EV-1", "NC-1", "T-2"} <= ids
    assert "IA-2" not in ids  # planned, not completed
    assert "MR-2026" not in {item.id for item in populations(model, model.reviews[0].date.replace(day=1))["records"]}


def test_without_a_seed_one_is_chosen_and_printed_so_the_draw_can_be_repeated(
    capsys: pytest.CaptureFixture[str], repo: Repo
) -> None:
    status, out, _ = sample(capsys, repo, "--controls", "4")
    assert status == 0
    command = re.search(r"^  (isms sample .*)$", out, flags=re.M)
    assert command is not None
    again = shlex.split(command.group(1))[2:]  # --seed S --controls 4 --risks 5 --records 10 --as-of D
    assert sample(capsys, repo, *again)[1] == out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--controls", "-1"), "-1 is negative; give 0 or more"),
        (("--risks", "many"), "'many' is not a whole number"),
        (("--seed", ""), "give a seed of printable text"),
    ],
)
def test_bad_counts_and_seeds_are_refused_with_a_message(
    capsys: pytest.CaptureFixture[str], repo: Repo, args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        sample(capsys, repo, *args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_a_register_that_does_not_load_is_not_sampled(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    repo.replace("registers/risks.yml", "risks:\n", "risks:\n  - [broken\n")
    status, out, err = sample(capsys, repo, "--seed", "x")
    assert (status, out) == (1, "")
    assert err.endswith("isms: error: fix these first (a sample of a register that does not load is no sample)\n")
