"""The model export is serialised by pydantic straight to bytes: the text must stay what ``isms diff`` and
earlier snapshots read, the plain ``json.dumps`` of the dumped model."""

from __future__ import annotations

import json

from isms.exports.model import model_export, model_json
from isms.exports.stamp import Stamp
from tests.conftest import AS_OF, Repo


def test_model_json_is_the_text_json_dumps_writes(repo: Repo) -> None:
    repo.replace("registers/assets.yml", "name: Customer database", 'name: "Kundendatenbank Zürich — ✓ \\"eins\\""')
    result = repo.check()
    stamp = Stamp("Acme Søren", "v1", "abc", AS_OF)
    data = model_export(result.model, result.derived, result.facts, stamp).model_dump(mode="json", exclude_none=True)
    expected = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    written = model_json(result.model, result.derived, result.facts, stamp)
    assert written == expected
    assert 'Kundendatenbank Zürich — ✓ \\"eins\\"' in written.decode("utf-8")
