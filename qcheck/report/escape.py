"""One escaping policy for every renderer: terminal text, Markdown, JSON/SARIF and HTML.

Names, messages and values in a report come from snapshots, configs and policies, which
an attacker may write (an account named `<img src=x onerror=...>` or `\\x1b[2J`). Each
output format gets one function here, and every renderer uses it, so a hostile value is
shown as text everywhere and never acts as markup or a terminal command.

Characters shown as visible escapes (never passed through raw):

- C0 controls U+0000-U+001F, DEL U+007F and C1 controls U+0080-U+009F (ESC starts ANSI
  escape sequences; U+009B is a one-character CSI on terminals that honour C1): `\\x1b`;
- bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A-U+202E,
  U+2066-U+2069) which reorder the text around them ("Trojan Source", CVE-2021-42574),
  and the line and paragraph separators U+2028, U+2029: `\\u202e`;
- lone surrogates (U+D800-U+DFFF), which cannot be encoded as UTF-8 at all.
"""

from __future__ import annotations

import html as _html
import json as _json
import re
from typing import Any

from qcheck import jsontext

_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}\ud800-\udfff]")
_NEWLINE = re.compile(r"\r\n|[\r\n]")
_LINE_FEED = re.compile(r"\r?\n")  # a lone CR (which moves the cursor back) stays visible


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def controls(value: str, *, keep: str = "") -> str:
    """`value` with every unsafe character (see the module docstring) shown as a visible
    escape, except those in `keep` (e.g. "\\n" for text that may span lines)."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _visible(m.group()), value)


# ---------------------------------------------------------------------------------------
# Terminal


def terminal(value: str) -> str:
    """One line of text safe to print to a terminal: every control, newline included,
    shown as a visible escape (`\\x1b`, `\\x0a`, `\\u202e`)."""
    return controls(value)


def terminal_line(value: str) -> str:
    """One line for a terminal, with line breaks in `value` turned into spaces first."""
    return terminal(_LINE_FEED.sub(" ", value))


# ---------------------------------------------------------------------------------------
# Markdown (GitHub-flavoured, e.g. a job summary)

# Backslash-escaped wherever they occur: code spans, emphasis, strikethrough, link and
# image brackets, table cell separators, and the backslash itself. With `[` and `]`
# escaped no link or image can form, so `(` stays as it is.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
# Block syntax that only acts at the start of a line (headings, list items, setext
# underlines, ordered list numbers; a quote's ">" becomes an entity, which never starts a block);
# inert in a table cell, whose content is inline only.
_LEADING_MARKER = re.compile(r"^(\s*)([#+=-])")
_LEADING_NUMBER = re.compile(r"^(\s*\d+)([.)])")
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_HTML_METACHARACTERS = re.compile(r"[&<>\"']")


def _entities(value: str) -> str:
    return _HTML_METACHARACTERS.sub(lambda m: _HTML_ENTITIES[m.group()], value)


def _markdown_line(line: str, line_start: bool) -> str:
    line = _MARKDOWN_PUNCTUATION.sub(r"\\\1", controls(line))
    if line_start:
        line = _LEADING_MARKER.sub(r"\1\\\2", line, count=1)
        line = _LEADING_NUMBER.sub(r"\1\\\2", line, count=1)
    return _entities(line)


def markdown_text(value: str, *, line_start: bool = False) -> str:
    """Literal text for Markdown on one line (a table cell or inside a paragraph): HTML
    metacharacters as entities, inline Markdown syntax backslash-escaped, controls as
    visible escapes, line breaks as `<br>`. With `line_start` (the value begins a line of
    the document) block markers at its start are escaped too; inside a table cell or after
    other text on the line they are inert and left alone."""
    first, *rest = _NEWLINE.split(value)
    lines = [_markdown_line(first, line_start), *(_markdown_line(line, False) for line in rest)]
    return "<br>".join(lines)


def markdown_code(value: str) -> str:
    """A code span, safe in a table cell: nothing inside is markup; `|` is escaped (GFM
    splits cells before parsing spans), line breaks become spaces, controls are visible."""
    value = controls(_NEWLINE.sub(" ", value)).replace("|", "\\|")
    if not value.strip(" "):
        return markdown_text(value) or "-"
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def markdown_authored(value: str) -> str:
    """Markdown written on purpose (a policy's METADATA description): its syntax is kept,
    only controls that could break the document are shown as escapes; newlines and tabs
    stay."""
    return controls(value, keep="\n\t")


# ---------------------------------------------------------------------------------------
# JSON and SARIF

# json.dumps escapes C0 controls itself; with ensure_ascii=False it leaves DEL, C1
# controls, bidi characters and lone surrogates raw. They can only occur inside strings
# (JSON's own syntax is ASCII), so escaping them in the output text is always valid.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI_AND_SEPARATORS}\ud800-\udfff]")


def json_dumps(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON text, non-ASCII kept readable, unsafe characters as `\\u00XX`."""
    if indent == 2:
        text = jsontext.indented(value)
    else:
        text = _json.dumps(value, indent=indent, ensure_ascii=False)
    if text.isascii() and "\x7f" not in text:  # the common case, checked in C
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# ---------------------------------------------------------------------------------------
# HTML


def html_text(value: str) -> str:
    """Text for an HTML element or quoted attribute: `<>&"'` as entities, controls as
    visible escapes (newlines and tabs kept, for a `<pre>` block)."""
    return _html.escape(controls(value, keep="\n\t"), quote=True)


# `<`, `>` and `&` as JSON escapes, so that no `</script>` or `<!--` can form inside a
# script element; U+2028 and U+2029 too, which older JavaScript parsers end a line at.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_SCRIPT_METACHARACTERS = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> str:
    """`value` as compact JSON to put inside `<script type="application/json">`: unsafe
    characters as `\\uXXXX` escapes (see `json_dumps`) and nothing that could close the
    element or open a comment; JSON.parse gives back exactly `value`."""
    text = _json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _SCRIPT_METACHARACTERS.sub(
        lambda m: _SCRIPT_UNSAFE.get(m.group()) or f"\\u{ord(m.group()):04x}", text
    )


# ---------------------------------------------------------------------------------------
# XML (JUnit)

# XML 1.0 forbids C0 controls other than tab, LF and CR even as character references, and
# U+FFFE and U+FFFF: `controls` shows the controls, these two are shown here.
_XML_NONCHARACTERS = re.compile("[\ufffe\uffff]")


def _xml_safe(value: str) -> str:
    return _XML_NONCHARACTERS.sub(lambda m: _visible(m.group()), controls(value, keep="\n\t"))


def xml_text(value: str) -> str:
    """Character data for an XML element: `<>&` as entities, controls and characters XML
    cannot carry as visible escapes (newlines and tabs kept)."""
    return _html.escape(_xml_safe(value), quote=False)


def xml_attribute(value: str) -> str:
    """A double-quoted XML attribute value: `<>&"'` as entities, controls as in
    `xml_text`, and newlines and tabs as character references (a parser would otherwise
    normalise them to spaces)."""
    value = _html.escape(_xml_safe(value), quote=True)
    return value.replace("\n", "&#10;").replace("\t", "&#9;")


# ---------------------------------------------------------------------------------------
# CSV (spreadsheets)

# A cell a spreadsheet reads as a formula starts with one of these: OWASP, "CSV Injection"
# (https://owasp.org/www-community/attacks/CSV_Injection: = + - @ tab CR) and ASVS 5.0
# requirement 1.2.10 (also NUL). Controls (tab, CR, NUL) are already visible escapes after
# `controls`; they stay listed in case that ever changes.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: controls (newlines included) as visible
    escapes, and a value that would start a formula prefixed with a single quote, as OWASP
    advises. Quoting (every cell, inner quotes doubled) is left to the csv writer."""
    value = controls(value)
    if value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value
