"""Run qcheck as a user would (a real process) on hostile policies, and check what it leaves:
one line on stderr, no traceback, no process left running."""

from __future__ import annotations

from pathlib import Path

from tests.harness import AS_OF, SCENARIOS, Run, assert_one_line_error, run_process

__all__ = ["assert_one_line_error", "check_args", "qcheck", "write_policy"]

SEED = SCENARIOS / "seed"


def qcheck(*args: str, cwd: Path, timeout: float = 60) -> Run:
    """`python -m qcheck ARGS` as a real process; fails the test if it runs past `timeout`
    (a hang) or leaves any process behind."""
    return run_process(args, cwd, timeout=timeout, as_of=False)


METADATA = """# METADATA
# title: Custom rule
# description: A custom rule.
# custom:
#   id: {rule_id}
#   name: {name}
#   severity: low
#   recommended_actions: [none]
"""


def write_policy(directory: Path, name: str, body: str, rule_id: str = "CUSTOM001") -> Path:
    """A custom policy `<name>.rego` in package `custom.<name>` with valid METADATA; `body`
    follows `import rego.v1`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.rego"
    header = METADATA.format(rule_id=rule_id, name=name.title().replace("_", ""))
    path.write_text(f"{header}package custom.{name}\n\nimport rego.v1\n\n{body}")
    return path


def check_args(policies: Path, *extra: str) -> tuple[str, ...]:
    return (
        "check",
        str(SEED / "snapshot.json"),
        "--config",
        str(SEED / "qcheck.yaml"),
        "--as-of",
        AS_OF,
        "--policies",
        str(policies),
        *extra,
    )
