"""Reports, the dumped input and the facts document are written by orjson, and must be byte
for byte what the standard library wrote before (json.dumps with indent=2)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.synthetic.generate import Size, generate
from qcheck.check import run_check
from qcheck.config.load import load_config
from qcheck.engine.embedded import EmbeddedEngine
from qcheck.jsontext import indented
from qcheck.policy.catalog import load_catalog
from qcheck.report import json_report, sarif
from tests.harness import AS_OF

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()  # every code point, lone surrogates and controls included
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(value=values, sort_keys=st.booleans(), ensure_ascii=st.booleans())
def test_written_as_json_dumps_writes_it(value: Any, sort_keys: bool, ensure_ascii: bool) -> None:
    expected = json.dumps(value, indent=2, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
    assert indented(value, sort_keys=sort_keys, ensure_ascii=ensure_ascii) == expected


@pytest.mark.parametrize("number", [1e-7, 1e-5, 1.5e-5, 0.0001, 1e16, 1e22, 5e-324, -0.0, 19.0])
def test_floats_are_spelled_as_python_spells_them(number: float) -> None:
    for value in (number, [number], {"price": number}):
        assert indented(value) == json.dumps(value, indent=2)


@pytest.mark.slow  # generates and checks the 1,000-account synthetic organization
def test_the_synthetic_organization_is_written_as_before() -> None:
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        snapshot_text, config_text = generate(Size.scaled(1_000))
        (Path(tmp) / "snapshot.json").write_text(snapshot_text)
        (Path(tmp) / "qcheck.yaml").write_text(config_text)
        config = load_config(Path(tmp) / "qcheck.yaml", catalog.rule_ids)
        report, documents = run_check(
            [str(Path(tmp) / "snapshot.json")], config, catalog, EmbeddedEngine(), AS_OF
        )
    for document in (sarif.log(report), json_report.document(report)):
        assert indented(document) == json.dumps(document, indent=2, ensure_ascii=False)
    assert indented(documents[0], sort_keys=True, ensure_ascii=True) == json.dumps(
        documents[0], indent=2, sort_keys=True
    )
    assert len(report.findings) > 100  # a real report, not an empty one
