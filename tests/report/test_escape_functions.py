"""The escaping functions one by one: what each output format gets for hostile text."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcheck.report import escape


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x9b31m", "\\x9b31m"),
        ("a\x7fb\x00", "a\\x7fb\\x00"),
        ("\u202eexe.txt\u202c", "\\u202eexe.txt\\u202c"),
        ("\u2066\u2069\u200f\u061c", "\\u2066\\u2069\\u200f\\u061c"),
        ("line\nnext\r", "line\\x0anext\\x0d"),
        ("\ud800", "\\ud800"),
        ("naïve 東京", "naïve 東京"),
    ],
)
def test_terminal_shows_controls_as_escapes(raw: str, shown: str) -> None:
    assert escape.terminal(raw) == shown


def test_terminal_line_turns_line_feeds_into_spaces_but_shows_a_lone_cr() -> None:
    assert escape.terminal_line("a\r\nb\nc\rd") == "a b c\\x0dd"


def test_markdown_text_neutralises_html_links_and_tables() -> None:
    out = escape.markdown_text("<img src=x onerror=alert(1)> [x](javascript:y) a|b `c` *d* _e_ ~f~")
    assert out == (
        "&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:y) a\\|b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~"
    )
    assert escape.markdown_text("<details>\"q\" 'a' & b") == (
        "&lt;details&gt;&quot;q&quot; &#39;a&#39; &amp; b"
    )
    assert escape.markdown_text("one\r\ntwo\nthree") == "one<br>two<br>three"
    assert escape.markdown_text("\x1b[2J") == "\\\\x1b\\[2J"


@pytest.mark.parametrize(
    ("raw", "at_start"),
    [("# h", "\\# h"), ("- l", "\\- l"), ("+ l", "\\+ l"), ("12. n", "12\\. n"), ("> q", "&gt; q")],
)
def test_markdown_block_markers_are_escaped_where_a_line_starts(raw: str, at_start: str) -> None:
    assert escape.markdown_text(raw, line_start=True) == at_start
    assert escape.markdown_text(raw) == at_start.replace("\\", "")  # inert mid-line and in cells


def test_markdown_code_fences_backticks_and_escapes_pipes() -> None:
    assert escape.markdown_code("arn:a|b") == "`arn:a\\|b`"
    assert escape.markdown_code("a``b") == "```a``b```"
    assert escape.markdown_code("`x") == "`` `x ``"
    assert escape.markdown_code("a\nb\x1b") == "`a b\\x1b`"
    assert escape.markdown_code("") == "-"


def test_markdown_authored_keeps_markdown_and_line_breaks() -> None:
    assert escape.markdown_authored("**Bold**\n- item\x1b") == "**Bold**\n- item\\x1b"


def test_json_dumps_escapes_what_json_leaves_raw() -> None:
    value = {"name": "\x9b\x7f\u202e\u2028\ud800 é", "c0": "\x1b"}
    text = escape.json_dumps(value, indent=None)
    assert text == '{"name": "\\u009b\\u007f\\u202e\\u2028\\ud800 é", "c0": "\\u001b"}'
    assert json.loads(text) == value


def test_html_text_escapes_markup_and_controls() -> None:
    assert escape.html_text("<a href='x'>\"&\x1b</a>\n") == (
        "&lt;a href=&#x27;x&#x27;&gt;&quot;&amp;\\x1b&lt;/a&gt;\n"
    )


@given(st.text())
def test_xml_text_and_attribute_always_parse_back_to_the_visible_text(value: str) -> None:
    document = f'<a b="{escape.xml_attribute(value)}">{escape.xml_text(value)}</a>'
    element = ET.fromstring(document)
    visible = escape.controls(value, keep="\n\t").replace("\ufffe", "\\ufffe")
    visible = visible.replace("\uffff", "\\uffff")
    assert element.get("b") == visible
    assert (element.text or "") == visible


@given(st.text())
def test_csv_cell_round_trips_and_never_starts_a_formula(value: str) -> None:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow([escape.csv_cell(value)])
    text = out.getvalue()
    assert text.count("\r\n") == 1 and "\n" not in text[:-2]  # one record on one line
    (row,) = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert row == [escape.csv_cell(value)]
    assert not row[0].lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
    # the value itself (controls made visible), or that with one quote put before it
    assert row[0] in (escape.controls(value), "'" + escape.controls(value))


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("  @SUM(A1)", "'  @SUM(A1)"),
        ("-2", "'-2"),
        ("+cmd", "'+cmd"),
        ("\t=x", "\\x09=x"),
        ("a=b", "a=b"),
        ("line\nbreak", "line\\x0abreak"),
    ],
)
def test_csv_cell_examples(raw: str, cell: str) -> None:
    assert escape.csv_cell(raw) == cell
