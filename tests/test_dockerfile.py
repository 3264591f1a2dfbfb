"""The Dockerfile, checked without a container builder: no registry this project's CI can
reach serves the Python base image, so the image is not built here. The structure is
linted instruction by instruction, and the builder stage's own steps (its COPY sources
and its `pip wheel` command) are replayed in a directory to prove the wheel it makes is
complete."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.harness import REPO

DOCKERFILE = REPO / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order: comments dropped, continuation lines joined."""
    found: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, rest = line.partition(" ")
        found.append((keyword.upper(), rest.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return found


def stages() -> list[list[tuple[str, str]]]:
    split: list[list[tuple[str, str]]] = []
    for instruction in instructions():
        if instruction[0] == "FROM":
            split.append([])
        if split:
            split[-1].append(instruction)
    return split


def _args() -> dict[str, str]:
    return dict(
        rest.split("=", 1) for keyword, rest in instructions() if keyword == "ARG" and "=" in rest
    )


def test_two_stages_on_a_slim_python_base() -> None:
    builder, runtime = stages()
    base = _args()["PYTHON_IMAGE"]
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-[a-z]+)?", base), base
    assert builder[0] == ("FROM", "${PYTHON_IMAGE} AS builder")
    assert runtime[0] == ("FROM", "${PYTHON_IMAGE}")
    assert all(keyword != "ADD" for keyword, _ in instructions())  # COPY only, nothing remote


def test_runtime_installs_the_wheel_from_the_builder_only() -> None:
    _, runtime = stages()
    copies = [rest for keyword, rest in runtime if keyword == "COPY"]
    assert copies == ["--from=builder /wheels /wheels"]  # no source tree in the image
    run = " ".join(rest for keyword, rest in runtime if keyword == "RUN")
    assert "pip install --no-cache-dir" in run and "/wheels/qcheck-" in run
    assert "rm -rf /wheels" in run


def test_runs_as_an_unprivileged_user_with_qcheck_as_entrypoint() -> None:
    _, runtime = stages()
    keywords = [keyword for keyword, _ in runtime]
    user = next(rest for keyword, rest in runtime if keyword == "USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) >= 1000, user  # numeric: runAsNonRoot can verify it
    run = " ".join(rest for keyword, rest in runtime if keyword == "RUN")
    assert f"--uid {uid}" in run
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN")
    entrypoint = next(rest for keyword, rest in runtime if keyword == "ENTRYPOINT")
    assert json.loads(entrypoint) == ["qcheck"]  # exec form: signals reach qcheck


def test_dockerignore_keeps_what_the_builder_copies() -> None:
    builder, _ = stages()
    sources = [
        source
        for keyword, rest in builder
        if keyword == "COPY"
        for source in shlex.split(rest)[:-1]
    ]
    allowed = {
        line[1:].rstrip("/")
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    assert set(sources) == allowed


@pytest.mark.slow
def test_builder_stage_makes_a_complete_wheel(tmp_path: Path) -> None:
    """Replay the builder stage: its COPY sources into a fresh directory, then its RUN
    command; the wheel must hold the built-in policies, the schemas and the entry point."""
    builder, _ = stages()
    context = tmp_path / "src"
    context.mkdir()
    for keyword, rest in builder:
        if keyword != "COPY":
            continue
        *sources, _target = shlex.split(rest)
        for source in sources:
            origin = REPO / source
            if origin.is_dir():
                shutil.copytree(
                    origin, context / source, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy2(origin, context / source)
    run = next(rest for keyword, rest in builder if keyword == "RUN")
    command = shlex.split(run.replace("/wheels", str(tmp_path / "wheels")))
    assert command[:2] == ["python", "-m"]
    subprocess.run([sys.executable, *command[1:]], cwd=context, check=True, timeout=600)
    (wheel,) = (tmp_path / "wheels").glob("qcheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    rules = [n for n in names if n.startswith("qcheck/builtin_policies/") and n.endswith(".rego")]
    assert len(rules) >= len(list((REPO / "policies").rglob("*.rego")))
    assert "qcheck/schemas/config-v1.json" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "qcheck = qcheck.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
