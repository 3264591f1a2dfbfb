from __future__ import annotations

import dataclasses
from collections.abc import Callable

from qcheck.model import Finding, Report
from qcheck.report import markdown


def _table(out: str, header: str) -> list[str]:
    """The rows (after the delimiter row) of the table whose header row starts with `header`."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def _cells(row: str) -> list[str]:
    # split on pipes that are not escaped
    cells, current, escaped = [], "", False
    for char in row.strip()[1:-1]:
        if char == "|" and not escaped:
            cells.append(current.strip())
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    cells.append(current.strip())
    return cells


def test_heading_and_verdict(report: Report) -> None:
    lines = markdown.render(report).splitlines()
    assert lines[0] == "## qcheck report"
    assert lines[2] == (
        "**4 open findings** (1 critical, 1 high, 1 medium, 1 low) in 1 snapshot; 1 waived."
    )


def test_verdict_without_findings(empty_report: Report) -> None:
    out = markdown.render(empty_report)
    assert "**No open findings** in 1 snapshot." in out
    assert "### Findings" not in out
    assert "### Waived" not in out


def test_counts_table(report: Report) -> None:
    rows = _table(markdown.render(report), "| Severity | Open findings |")
    assert [_cells(r) for r in rows] == [
        ["Critical", "1"],
        ["High", "1"],
        ["Medium", "1"],
        ["Low", "1"],
        ["Waived", "1"],
    ]


def test_findings_table(report: Report) -> None:
    rows = _table(markdown.render(report), "| Severity | Rule | Resource |")
    cells = [_cells(r) for r in rows]
    assert [c[0] for c in cells] == ["Critical", "High", "Medium", "Low"]
    assert cells[1][:5] == [
        "High",
        "`QC101` ProfileOutsideResidencyZone",
        "`arn:aws:sso::111111111111:application/ssoins-1/apl-1`",
        "222222222222",
        "us-east-1",
    ]
    assert (
        cells[1][5]
        == "Q Developer profile &quot;alpha-us&quot; is in us-east-1, outside the zones "
        "\\[&quot;EU&quot;\\]"
    )
    assert all(len(c) == 6 for c in cells)


def test_pipes_and_newlines_escaped(
    report: Report, build: Callable[[tuple[Finding, ...]], Report]
) -> None:
    finding = dataclasses.replace(
        report.findings[0],
        message="a | b\nc\r\nd <b>bold</b>",
        resource="arn:aws:x|y",
    )
    out = markdown.render(build((finding,)))
    (row,) = _table(out, "| Severity | Rule | Resource |")
    cells = _cells(row)
    assert len(cells) == 6
    assert cells[2] == "`arn:aws:x\\|y`"
    assert cells[5] == "a \\| b<br>c<br>d &lt;b&gt;bold&lt;/b&gt;"


def test_waived_table(report: Report) -> None:
    out = markdown.render(report)
    findings_rows = _table(out, "| Severity | Rule | Resource |")
    assert not any("apl-2" in r for r in findings_rows)
    (row,) = _table(out, "| Rule | Resource | Reason |")
    assert _cells(row) == [
        "`QC101`",
        "`arn:aws:sso::111111111111:application/ssoins-1/apl-2`",
        "Migration to eu-central-1 planned",
        "team-alpha",
        "2027-03-31",
    ]


def test_capped_at_200_rows(report: Report, build: Callable[[tuple[Finding, ...]], Report]) -> None:
    base = report.findings[0]
    many = tuple(dataclasses.replace(base, resource=f"{base.resource}-{i:03d}") for i in range(250))
    out = markdown.render(build(many))
    rows = _table(out, "| Severity | Rule | Resource |")
    assert len(rows) == 200
    assert "-199`" in rows[-1]
    assert "\n... and 50 more (the JSON and SARIF reports list all).\n" in out
    assert "**250 open findings** (250 critical)" in out


def test_no_more_line_at_exactly_200(
    report: Report, build: Callable[[tuple[Finding, ...]], Report]
) -> None:
    base = report.findings[0]
    many = tuple(dataclasses.replace(base, resource=f"{base.resource}-{i}") for i in range(200))
    out = markdown.render(build(many))
    assert len(_table(out, "| Severity | Rule | Resource |")) == 200
    assert "more (the JSON" not in out


def test_footer_and_determinism(report: Report) -> None:
    out = markdown.render(report)
    assert out.endswith(
        "7 facts declared in config, 123 observed; config `qcheck.yaml`; qcheck 0.1.0.\n"
    )
    assert out == markdown.render(report)
    no_config = markdown.render(dataclasses.replace(report, config=None))
    assert no_config.endswith("123 observed; config none; qcheck 0.1.0.\n")
