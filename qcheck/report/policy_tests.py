"""`qcheck policy test` output, as `opa test` prints it: a `TestRun` in, text out. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from qcheck.policy.testing import TestRun

RULE = "-" * 80


def render_test_run(run: TestRun, verbose: bool = False, coverage: bool = False) -> str:
    """Each test's status grouped by file (with its time when `verbose`), the lines no test
    reached when `coverage`, then the totals."""
    lines: list[str] = []
    current = None
    for result in run.results:
        if result.path != current:
            lines.append(f"{result.path}:")
            current = result.path
        timing = f" ({result.duration_s * 1000:.1f}ms)" if verbose else ""
        lines.append(f"{result.query}: {result.status}{timing}")
        if result.error:
            lines.append(f"  {result.error}")
    if coverage:
        lines += [RULE, "Coverage: lines of the policies that the tests evaluated"]
        covered = sum(len(f.covered) for f in run.coverage)
        total = covered + sum(len(f.not_covered) for f in run.coverage)
        for item in run.coverage:
            missing = f"  not covered: {line_ranges(item.not_covered)}" if item.not_covered else ""
            lines.append(f"{item.percent:6.1f}%  {item.path}{missing}")
        percent = 100.0 * covered / total if total else 100.0
        lines.append(f"{percent:6.1f}%  total ({covered} of {total} lines)")
    total_tests, failed, skipped = len(run.results), run.failed, run.skipped
    passed = total_tests - failed - skipped
    lines.append(RULE)
    if not total_tests:
        lines.append("no tests found (test_* rules in *_test.rego files)")
    if passed:
        lines.append(f"PASS: {passed}/{total_tests}")
    if failed:
        lines.append(f"FAIL: {failed}/{total_tests}")
    if skipped:
        lines.append(f"SKIPPED: {skipped}/{total_tests}")
    lines.append(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return "".join(f"{line}\n" for line in lines)


def line_ranges(lines: Sequence[int]) -> str:
    """3, 5-7, 10 for [3, 5, 6, 7, 10]."""
    parts: list[str] = []
    start = previous = None
    for line in sorted(lines):
        if previous is not None and line == previous + 1:
            previous = line
            continue
        if start is not None:
            parts.append(f"{start}" if start == previous else f"{start}-{previous}")
        start = previous = line
    if start is not None:
        parts.append(f"{start}" if start == previous else f"{start}-{previous}")
    return ", ".join(parts)
