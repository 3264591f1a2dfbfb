"""Large JSON texts (reports, the dumped policy input) written by orjson, byte for byte
what `json.dumps(value, indent=2, ...)` writes.

orjson is a compiled encoder, ~20 times faster than the standard library's indented one
(which always runs in pure Python); its two-space indent, `", "`-free item separators and
escapes of C0 controls are the same as json.dumps with indent=2. What it cannot write the
way json.dumps does (lone surrogates, integers beyond 64 bits, non-string keys) makes it
raise, and the standard encoder writes that value instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

# Where orjson and Python's repr (which json.dumps uses) may spell the same float
# differently: exponents (orjson "1e-7", Python "1e-07") and the range 1e-5..1e-4
# (orjson "0.00001", Python "1e-05"). In indented output a number that ends its line is
# never inside a string (a string would end the line with its closing quote).
_FLOAT_AT_LINE_END = re.compile(r"(?m)(^ *|: )(-?(?:0\.0000|\d[\d.]*[eE])[\d.eE+-]*)(,?)$")


# The regular expression is slow on a large text: run it only when a digit followed by
# an exponent, or 0.0000, occurs at all (digits mapped to 0 first, in C).
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")


def _may_differ(data: bytes) -> bool:
    skeleton = data.translate(_DIGITS_AS_ZERO)
    return b"0e-0" in skeleton or b"0e+0" in skeleton or b"0.0000" in skeleton


def _python_float(match: re.Match[str]) -> str:
    return f"{match.group(1)}{float(match.group(2))!r}{match.group(3)}"


# ensure_ascii: json.dumps escapes everything outside printable ASCII (DEL included).
_NOT_ASCII = re.compile("[^\x00-\x7e]")


def _ascii_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as json.dumps writes it
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"


def indented(value: Any, *, sort_keys: bool = False, ensure_ascii: bool = False) -> str:
    """`json.dumps(value, indent=2, sort_keys=sort_keys, ensure_ascii=ensure_ascii)`."""
    option = orjson.OPT_INDENT_2 | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    try:
        data = orjson.dumps(value, option=option)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, indent=2, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
    text = data.decode("utf-8")
    if _may_differ(data):
        text = _FLOAT_AT_LINE_END.sub(_python_float, text)
    if ensure_ascii and (not text.isascii() or "\x7f" in text):
        text = _NOT_ASCII.sub(_ascii_escape, text)
    return text
