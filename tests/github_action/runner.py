"""Run action.yml's own steps the way the GitHub runner runs a composite action.

Each `run` step is executed by bash with the options GitHub uses for `shell: bash`
(`bash --noprofile --norc -eo pipefail {0}`), its `env:` map interpolated from the
inputs and earlier steps' outputs, and the runner's files simulated: GITHUB_OUTPUT (fresh
for each step, read back as `name=value` lines), GITHUB_STEP_SUMMARY, RUNNER_TEMP,
GITHUB_ACTION_PATH and GITHUB_WORKSPACE. `uses` steps (setup-python, AWS credentials,
the SARIF upload) are third-party code: they are not run, but their `if:` is evaluated and
their `with:` recorded, so a test sees whether and with what they would run. After a
failed step, only steps whose condition calls always() run, as on GitHub.

The expressions action.yml uses are the only ones understood: `inputs.X`,
`steps.ID.outputs.Y`, string literals, `==`, `!=`, `&&` and `always()`; anything else
fails the test rather than being guessed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = REPO / "action.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_TOKEN = re.compile(
    r"\s*(?:(?P<always>always\(\))|(?P<name>[A-Za-z_][\w.-]*)|'(?P<literal>[^']*)'"
    r"|(?P<op>==|!=|&&))"
)
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]


@dataclass
class StepRun:
    id: str | None
    kind: str  # "run" or the `uses` reference
    ran: bool
    exit_code: int | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    with_: dict[str, str] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""


@dataclass
class ActionRun:
    steps: list[StepRun]
    outputs: dict[str, str]  # the action's outputs
    summary: str
    failed: bool

    def step(self, kind_or_id: str) -> StepRun:
        return next(s for s in self.steps if kind_or_id in (s.id, s.kind))

    @property
    def log(self) -> str:
        return "\n".join(f"[{s.id or s.kind}] {s.stdout}{s.stderr}" for s in self.steps)


def metadata() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


def run_action(
    inputs: dict[str, str],
    temp: Path,
    *,
    workspace: Path = REPO,
    skip: dict[str, dict[str, str]] | None = None,
    env: dict[str, str] | None = None,
) -> ActionRun:
    """Run the action's steps with `inputs` (unset inputs take their defaults). `skip`
    maps a step id to the outputs to pretend it gave without running it (the install step,
    when the test's own Python already has qcheck)."""
    action = metadata()
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    unknown = set(inputs) - set(values)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values.update(inputs)
    outputs: dict[str, dict[str, str]] = {}
    summary = temp / "step-summary.md"
    summary.write_text("")
    bin_dir = temp / "bin"  # `python` as setup-python leaves it: first on PATH
    bin_dir.mkdir(exist_ok=True)
    python = bin_dir / "python"
    if not python.exists():
        python.symlink_to(sys.executable)
    base = {
        **os.environ,
        **(env or {}),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION_PATH": str(REPO),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(temp),
    }
    context = {"inputs": values, "steps": outputs}
    runs: list[StepRun] = []
    failed = False
    for index, step in enumerate(action["runs"]["steps"]):
        step_id = step.get("id")
        condition = step.get("if", "success()")
        wanted = _condition(condition, context, failed)
        kind = "run" if "run" in step else step["uses"]
        if not wanted:
            runs.append(StepRun(step_id, kind, ran=False))
            continue
        if "uses" in step:
            given = {k: _interpolate(str(v), context) for k, v in step.get("with", {}).items()}
            runs.append(StepRun(step_id, kind, ran=True, with_=given))
            continue
        if skip and step_id in skip:
            outputs[step_id] = dict(skip[step_id])
            runs.append(StepRun(step_id, kind, ran=False, outputs=dict(skip[step_id])))
            continue
        output_file = temp / f"output-{index}"
        output_file.write_text("")
        script = temp / f"step-{index}.sh"
        script.write_text(step["run"])
        step_env = {k: _interpolate(str(v), context) for k, v in step.get("env", {}).items()}
        completed = subprocess.run(
            [*BASH, str(script)],
            env={**base, **step_env, "GITHUB_OUTPUT": str(output_file)},
            cwd=workspace,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        given_outputs = _read_outputs(output_file)
        if step_id:
            outputs[step_id] = given_outputs
        runs.append(
            StepRun(
                step_id,
                kind,
                ran=True,
                exit_code=completed.returncode,
                outputs=given_outputs,
                stdout=completed.stdout,
                stderr=completed.stderr,
            )
        )
        failed = failed or completed.returncode != 0
    action_outputs = {
        name: _interpolate(spec["value"], context) for name, spec in action["outputs"].items()
    }
    return ActionRun(runs, action_outputs, summary.read_text(), failed)


def _read_outputs(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        assert "<<" not in line.split("=", 1)[0], "multi-line outputs are not simulated"
        name, _, value = line.partition("=")
        found[name] = value
    return found


def _lookup(name: str, context: dict[str, Any]) -> str:
    parts = name.split(".")
    if parts[0] == "inputs" and len(parts) == 2:
        return str(context["inputs"][parts[1]])
    if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
        return context["steps"].get(parts[1], {}).get(parts[3], "")
    raise AssertionError(f"expression not simulated: {name}")


def _interpolate(text: str, context: dict[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: _lookup(m.group(1), context), text)


def _condition(text: str, context: dict[str, Any], failed: bool) -> bool:
    """An `if:` of action.yml: comparisons joined by &&. Like GitHub, a condition without
    always() runs only while no step has failed."""
    text = _EXPRESSION.sub(lambda m: m.group(1), text).strip()
    if text == "success()":
        return not failed
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match, f"condition not simulated: {text!r}"
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    has_always = any(kind == "always" for kind, _ in tokens)
    result = True
    for clause in _split(tokens):
        if clause == [("always", "always()")]:
            continue
        assert len(clause) == 3 and clause[1][0] == "op", f"condition not simulated: {text!r}"
        left, right = (_operand(t, context) for t in (clause[0], clause[2]))
        result = result and ((left == right) if clause[1][1] == "==" else (left != right))
    return result and (has_always or not failed)


def _split(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    clauses: list[list[tuple[str, str]]] = [[]]
    for token in tokens:
        if token == ("op", "&&"):
            clauses.append([])
        else:
            clauses[-1].append(token)
    return clauses


def _operand(token: tuple[str, str], context: dict[str, Any]) -> str:
    kind, value = token
    if kind == "literal":
        return value
    assert kind == "name", token
    return _lookup(value, context)
