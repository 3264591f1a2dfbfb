"""pyproject.toml lists packages explicitly (policies/ ships as qcheck.builtin_policies),
so every package of the source tree must be on that list."""

from __future__ import annotations

import tomllib

from tests.harness import REPO


def test_every_qcheck_package_is_shipped() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "qcheck").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk <= listed, f"add to pyproject.toml: {sorted(on_disk - listed)}"
    assert config["package-dir"]["qcheck.builtin_policies"] == "policies"
    assert "qcheck.builtin_policies" in listed
