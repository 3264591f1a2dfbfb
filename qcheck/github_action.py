"""The steps of the qcheck GitHub Action (action.yml at the repository root).

Each step of action.yml runs `python <this file> STEP`; the logic lives here, not in the
YAML, so that a test can run the very same steps with the runner's environment simulated.
Each step receives the action's inputs as INPUT_* variables (set in action.yml's `env:`
maps, never interpolated into the script, so an input cannot inject shell code), and
the runner reads step outputs from the file named by GITHUB_OUTPUT and the job summary
from GITHUB_STEP_SUMMARY (docs.github.com, "Workflow commands for GitHub Actions").

Steps:
- `install`: a virtual environment under RUNNER_TEMP with qcheck installed from INSTALL
  (default: the action's own checkout, so the action's ref pins qcheck); output `python`.
- `collect`: `qcheck collect` into COLLECT_OUTPUT, with --redact unless REDACT is false
  (code scanning keeps the SARIF, whose messages name users); output `snapshot`.
- `check`: `qcheck check` three ways from one set of inputs: SARIF (the gate, with
  --fail-on), Markdown (appended to the job summary) and the report FORMAT asked for;
  outputs `exit-code`, `sarif-file`, `report-file`, `findings`, `new-findings`. The step
  itself succeeds so that the SARIF is uploaded; the action's last step exits with
  `exit-code`.

Only the standard library is used: `install` runs before qcheck is installed.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import subprocess
import sys
import venv
from collections.abc import Mapping, Sequence
from pathlib import Path

FORMATS = ("sarif", "json", "text", "markdown")
SUFFIX = {"sarif": "sarif", "json": "json", "text": "txt", "markdown": "md"}


def main(argv: Sequence[str]) -> int:
    steps = {"install": install, "collect": collect, "check": check}
    if len(argv) != 1 or argv[0] not in steps:
        print(f"usage: github_action.py {{{','.join(steps)}}}", file=sys.stderr)
        return 2
    env = os.environ
    try:
        return steps[argv[0]](env)
    except ActionError as error:
        print(f"::error title=qcheck::{_command_text(str(error))}")
        return 2


class ActionError(Exception):
    """An input the action cannot use: one error annotation, the step fails."""


def _input(env: Mapping[str, str], name: str, default: str = "") -> str:
    """An input as action.yml hands it over: INPUT_<NAME>, upper case, "-" as "_"."""
    return env.get(f"INPUT_{name.upper().replace('-', '_')}", "").strip() or default


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = _input(env, name, "true" if default else "false").lower()
    if value not in ("true", "false"):
        raise ActionError(f"input {name} must be true or false, not {value!r}")
    return value == "true"


def _words(value: str) -> list[str]:
    """A list input: one item per line or separated by spaces."""
    return value.split()


def _set_outputs(env: Mapping[str, str], outputs: Mapping[str, str]) -> None:
    path = env.get("GITHUB_OUTPUT")
    if not path:
        raise ActionError("GITHUB_OUTPUT is not set: run this as a step of a workflow")
    with open(path, "a", encoding="utf-8") as file:
        for name, value in outputs.items():
            if "\n" in value or "\r" in value:
                raise ActionError(f"output {name} spans lines")  # our values never do
            file.write(f"{name}={value}\n")


def _command_text(text: str) -> str:
    """Text for a workflow command's message: %, CR and LF escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _temp(env: Mapping[str, str]) -> Path:
    return Path(env.get("RUNNER_TEMP") or ".") / "qcheck"


def install(env: Mapping[str, str]) -> int:
    """A fresh virtual environment with qcheck (and boto3 when collecting) installed."""
    target = _temp(env) / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(target)
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    spec = _input(env, "install", env.get("GITHUB_ACTION_PATH", "."))
    if _flag(env, "collect", False):
        spec = with_collect_extra(spec)
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", spec]
    print(f"installing {spec}", flush=True)
    completed = subprocess.run(command, check=False)
    if completed.returncode != 0:
        raise ActionError(f"pip install {spec} failed (exit {completed.returncode})")
    _set_outputs(env, {"python": str(python)})
    return 0


def with_collect_extra(spec: str) -> str:
    """The pip requirement with the `collect` extra (boto3): `qcheck==1.2` becomes
    `qcheck[collect]==1.2`, a directory `path` becomes `path[collect]`."""
    if "[" in spec:
        return spec
    rest = spec[len("qcheck") :]
    if spec.startswith("qcheck") and (not rest or rest[0] in "=<>!~ ;"):
        return f"qcheck[collect]{rest}"
    return f"{spec}[collect]"


def _qcheck(env: Mapping[str, str], args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    python = env.get("QCHECK_PYTHON") or sys.executable
    command = [python, "-m", "qcheck", *args]
    print("+ qcheck " + shlex.join(args), flush=True)
    return subprocess.run(command, capture_output=True, text=True, check=False)


def collect(env: Mapping[str, str]) -> int:
    output = _input(env, "collect-output", "qcheck-snapshot.json")
    args = ["collect", "--output", output]
    regions = [_input(env, "aws-region"), *_words(_input(env, "regions"))]
    for region in dict.fromkeys(r for r in regions if r):
        args += ["--region", region]
    role = _input(env, "member-role-name")
    if role:
        args += ["--member-role-name", role]
    if _flag(env, "redact", True):
        args.append("--redact")
    completed = _qcheck(env, args)
    sys.stderr.write(completed.stderr)
    if completed.returncode != 0:
        raise ActionError(
            _last_line(completed.stderr) or f"qcheck collect exited {completed.returncode}"
        )
    _set_outputs(env, {"snapshot": output})
    return 0


def _snapshots(env: Mapping[str, str]) -> list[str]:
    """The snapshots input (globs expanded, in order), else the collected snapshot."""
    found: list[str] = []
    for pattern in _words(_input(env, "snapshots")):
        matches = (
            sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
        )
        if not matches:
            raise ActionError(f"snapshots: {pattern} matches no file")
        found += [m for m in matches if m not in found]
    collected = env.get("QCHECK_COLLECTED_SNAPSHOT", "").strip()
    if not found and collected:
        found = [collected]
    if not found:
        raise ActionError("no snapshot to check: set the snapshots input, or collect: true")
    return found


def check(env: Mapping[str, str]) -> int:
    fmt = _input(env, "format", "sarif")
    if fmt not in FORMATS:
        raise ActionError(f"input format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    fail_on = _input(env, "fail-on", "low")
    common = _snapshots(env)
    config = _input(env, "config")
    if config:
        common += ["--config", config]
    for directory in _words(_input(env, "policies")):
        common += ["--policies", directory]
    baseline = _input(env, "baseline")
    if baseline:
        common += ["--baseline", baseline]
    common += shlex.split(_input(env, "args"))

    out = _temp(env)
    out.mkdir(parents=True, exist_ok=True)
    sarif = out / "qcheck.sarif"
    gate = _qcheck(
        env, ["check", *common, "--format", "sarif", "--output", str(sarif), "--fail-on", fail_on]
    )
    sys.stderr.write(gate.stderr)
    if gate.returncode not in (0, 1):
        reason = _last_line(gate.stderr) or f"qcheck check exited {gate.returncode}"
        print(f"::error title=qcheck::{_command_text(reason)}")
        _summary(env, f"## qcheck report\n\nqcheck could not check:\n\n{_code_block(reason)}\n")
        _set_outputs(env, {"exit-code": str(gate.returncode), "sarif-file": "", "report-file": ""})
        return 0

    markdown = out / "qcheck.md"
    _render(env, common, "markdown", markdown)
    _summary(env, markdown.read_text(encoding="utf-8"))
    report = sarif if fmt == "sarif" else markdown
    if fmt not in ("sarif", "markdown"):
        report = out / f"qcheck.{SUFFIX[fmt]}"
        _render(env, common, fmt, report)

    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    new = sum(1 for r in results if r.get("baselineState") == "new")
    _set_outputs(
        env,
        {
            "exit-code": str(gate.returncode),
            "sarif-file": str(sarif),
            "report-file": str(report),
            "findings": str(len(results)),
            "new-findings": str(new) if baseline else "",
        },
    )
    return 0


def _render(env: Mapping[str, str], common: list[str], fmt: str, target: Path) -> None:
    completed = _qcheck(
        env, ["check", *common, "--format", fmt, "--output", str(target), "--fail-on", "none"]
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise ActionError(_last_line(completed.stderr) or f"qcheck check --format {fmt} failed")


def _summary(env: Mapping[str, str], markdown: str) -> None:
    path = env.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(markdown if markdown.endswith("\n") else markdown + "\n")


def _code_block(text: str) -> str:
    """`text` as a fenced code block: nothing inside is Markdown or HTML, whatever names
    the error quotes."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
