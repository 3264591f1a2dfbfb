"""The one reader of every JSON and YAML document qcheck takes in.

Snapshots, baselines, qcheck.yaml and policy METADATA all come through here, so that
what Python would quietly accept but the Rego engine, the schemas or a reader of the
report cannot handle is refused once, with one line naming the file and line:

- NaN, Infinity and -Infinity (not JSON, though Python's json reads them);
- numbers that overflow to infinity (1e999) and integers over 4,300 digits;
- lone UTF-16 surrogates (a "\\ud800" escape without its pair);
- duplicate keys in one object or mapping (Python keeps the last one silently);
- nesting deeper than MAX_DEPTH (the engine's parser gives up near 128 levels);
- for YAML, documents whose aliases expand to more than MAX_YAML_NODES nodes.

Files must be regular files: a FIFO, device or directory is refused before it is opened
for reading, so nothing blocks waiting for a writer.

Loading a 100 MB snapshot stays fast: the JSON is parsed once by the C decoder with a
duplicate-key hook; the nesting depth is measured on the raw bytes with C-level byte
operations; only when something is wrong does a slower position-tracking parse run, to
name the line and column.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from qcheck.atomic import file_kind
from qcheck.errors import InputError

# Deepest nesting accepted, counting the document itself as level 1. A snapshot needs 9
# (document, nodes, node, SCP content, Statement, statement, Condition, operator, values);
# the facts document handed to the engine adds a few levels on top of that, and the
# engine's JSON parser stops near 128.
MAX_DEPTH = 64
MAX_YAML_NODES = 100_000  # after expanding aliases: bounds "billion laughs" documents
MAX_INT_DIGITS = 4_300  # Python's own limit for int(str)


def read_bytes(path: str, what: str, max_bytes: int) -> bytes:
    """The content of a regular file of at most `max_bytes`, or InputError naming it."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{what} is {file_kind(info.st_mode)}, not a regular file", path)
        if info.st_size > max_bytes:
            raise InputError(f"{what} is larger than the {_size(max_bytes)} limit", path)
        # O_NONBLOCK: should the path have become a FIFO since the stat, opening it does
        # not wait for a writer, and the fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(f"{what} is not a regular file", path)
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{what} not found", path) from None
    except OSError as error:
        raise InputError(f"cannot read {what}: {error.strerror or error}", path) from None
    if len(data) > max_bytes:
        raise InputError(f"{what} is larger than the {_size(max_bytes)} limit", path)
    return data


def decode_utf8(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(f"not valid UTF-8 (byte {error.start + 1})", path, line) from None


def _size(limit: int) -> str:
    return f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit >> 10} KiB"


# ---------------------------------------------------------------------------------------
# JSON


class _Refused(ValueError):
    """Raised inside the decoder; `position` is filled in by the locating parse."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"number {_short(text)} is out of range")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"integer of {len(text.lstrip('-'))} digits (limit {MAX_INT_DIGITS})")
    return int(text)


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"duplicate key {_short(json.dumps(key))}")
            seen.add(key)
    return result


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_KEEP_BRACKETS_AND_QUOTES = bytes(c for c in range(256) if c not in b'[]{}"')


def _within_depth(data: bytes, limit: int) -> bool:
    """Whether no array or object in the JSON text `data` nests deeper than `limit`.

    Works on bytes with C-level operations only (a 100 MB snapshot takes ~0.1 s): drop
    escaped backslashes and quotes, keep only quotes and brackets, drop strings, then peel
    the innermost pairs of brackets away once per level. Valid JSON is assumed (the
    decoder has already accepted it), so the brackets left are the structure's own.
    """
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = data.translate(None, _KEEP_BRACKETS_AND_QUOTES).replace(b'""', b"")
    if b'"' in skeleton:  # strings that contain brackets
        skeleton = re.sub(rb'"[^"]*"', b"", skeleton)
    for _ in range(limit):
        if not skeleton:
            return True
        skeleton = skeleton.replace(b"[]", b"").replace(b"{}", b"")
    return not skeleton


def load_json(data: bytes, text: str, path: str, max_depth: int = MAX_DEPTH) -> Any:
    """Decode JSON `text` (whose UTF-8 bytes are `data`), refusing what the module lists."""
    try:
        document = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
            object_pairs_hook=_unique,
        )
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON: {error.msg} (column {error.colno})", path, error.lineno
        ) from None
    except (_Refused, RecursionError, ValueError):
        _locate(text, path, max_depth)
        raise InputError("not valid JSON", path) from None  # _locate always raises
    if not _within_depth(data, max_depth) or _SURROGATE_ESCAPE.search(data):
        _locate(text, path, max_depth)  # raises unless the escapes were proper pairs
    return document


# The pure-Python decoder's parts, which the typeshed stubs do not list.
_DECODER: Any = json.decoder
_SCANNER: Any = json.scanner


def _locate(text: str, path: str, max_depth: int) -> None:
    """Parse again, slowly and tracking positions, to raise for the first problem found."""
    position = [0]
    starts: list[int] = []

    def tracked(scan: Callable[[str, int], Any]) -> Callable[[str, int], Any]:
        def scan_once(string: str, index: int) -> Any:
            position[0] = index
            return scan(string, index)

        return scan_once

    def enter(start: int) -> None:
        if len(starts) >= max_depth:
            raise _Refused(f"nested deeper than {max_depth} levels", start)
        starts.append(start)

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan: Any, *rest: Any) -> Any:
        enter(s_and_end[1] - 1)
        try:
            return _DECODER.JSONObject(s_and_end, strict, tracked(scan), *rest)
        finally:
            starts.pop()

    def parse_array(s_and_end: tuple[str, int], scan: Any) -> Any:
        enter(s_and_end[1] - 1)
        try:
            return _DECODER.JSONArray(s_and_end, tracked(scan))
        finally:
            starts.pop()

    def parse_string(string: str, end: int, strict: bool) -> tuple[str, int]:
        value, after = _DECODER.py_scanstring(string, end, strict)
        if _has_surrogate(value):
            raise _Refused("lone UTF-16 surrogate escape in a string", end - 1)
        return value, after

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        try:
            return _unique(pairs)
        except _Refused as error:
            error.position = starts[-1] if starts else 0
            raise

    decoder = json.JSONDecoder(
        parse_constant=_refuse_constant,
        parse_float=_finite_float,
        parse_int=_bounded_int,
        object_pairs_hook=unique,
    )
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.parse_array = parse_array  # type: ignore[attr-defined]
    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    scanner = _SCANNER.py_make_scanner(decoder)
    try:
        start = _DECODER.WHITESPACE.match(text, 0).end()
        scanner(text, start)
    except _Refused as error:
        where = error.position if error.position is not None else position[0]
        if error.message.startswith("duplicate key"):
            where = _duplicate_position(text, where, error.message)
        line, column = _line_column(text, where)
        raise InputError(f"{error.message} (column {column})", path, line) from None
    except (StopIteration, ValueError, RecursionError):
        line, column = _line_column(text, position[0])
        raise InputError(f"not valid JSON (column {column})", path, line) from None


def _has_surrogate(value: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in value) if not value.isascii() else False


def _duplicate_position(text: str, object_start: int, message: str) -> int:
    """Where the second occurrence of the duplicated key starts, if it can be found."""
    key = message.removeprefix("duplicate key ")
    if key.endswith("..."):
        return object_start
    found = [m.start() for m in re.finditer(re.escape(key) + r"\s*:", text[object_start:])][:2]
    return object_start + found[1] if len(found) == 2 else object_start


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def read_json(path: str, what: str, max_bytes: int, max_depth: int = MAX_DEPTH) -> tuple[Any, str]:
    """Read and decode a JSON file: (document, text), or InputError naming file and line."""
    data = read_bytes(path, what, max_bytes)
    text = decode_utf8(data, path)
    return load_json(data, text, path, max_depth), text


# ---------------------------------------------------------------------------------------
# YAML


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings: schemas check them, Rego compares them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's parser, when PyYAML was built with it: ~10 times faster on the METADATA of the
# built-in policies. It is only trusted with documents it parses; on any error the
# pure-Python loader parses again, so the message is always that loader's.
_FastLoader: type[Any] | None = None
if hasattr(yaml, "CSafeLoader"):

    class _CLoader(yaml.CSafeLoader):
        """CSafeLoader with the same resolvers as _Loader."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader

_FLOAT = "tag:yaml.org,2002:float"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class YamlDocument:
    """The constructed data and the node tree it came from (for the lines of keys)."""

    data: Any
    root: yaml.Node | None


def load_yaml_text(text: str, path: str, first_line: int = 1) -> YamlDocument:
    """Parse YAML with the safe loader, refusing what the module lists.

    `first_line` is the line of `path` on which `text` starts (METADATA blocks sit inside
    a .rego file); error lines are counted from it.
    """
    if _FastLoader is not None:
        try:
            return _parse_yaml(_FastLoader, text, path, first_line)
        except InputError:
            raise
        except Exception:  # the pure-Python loader parses again and explains it
            pass
    try:
        return _parse_yaml(_Loader, text, path, first_line)
    except InputError:
        raise
    except RecursionError:
        raise InputError("YAML nested too deeply", path, first_line) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(
            f"not valid YAML: {problem}", path, first_line + mark.line if mark else first_line
        ) from None
    except ValueError as error:  # e.g. a scalar the constructor cannot convert
        raise InputError(f"not valid YAML: {error}", path, first_line) from None


def _parse_yaml(loader_type: type[Any], text: str, path: str, first_line: int) -> YamlDocument:
    loader = loader_type(text)
    try:  # parse once: bound the node tree, then construct from that same tree
        root = loader.get_single_node()
        _check_nodes(root, path, first_line)
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return YamlDocument(data, root)


def _check_nodes(root: yaml.Node | None, path: str, first_line: int) -> None:
    """Walk the node tree as the constructor will, aliases expanded, within the bounds."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        count += 1
        line = first_line + node.start_mark.line
        if count > MAX_YAML_NODES:
            raise InputError(
                f"YAML expands to more than {MAX_YAML_NODES} nodes (aliases?)", path, line
            )
        if depth > MAX_DEPTH:
            raise InputError(f"YAML nested deeper than {MAX_DEPTH} levels", path, line)
        if isinstance(node, yaml.ScalarNode):
            _check_scalar(node, path, line)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key, value in node.value:
                if key.tag != _MERGE and isinstance(key, yaml.ScalarNode):
                    identity = (key.tag, key.value)
                    if identity in seen:
                        raise InputError(
                            f"duplicate key {key.value!r}", path, first_line + key.start_mark.line
                        )
                    seen.add(identity)
                stack.extend(((key, depth + 1), (value, depth + 1)))


def _check_scalar(node: yaml.ScalarNode, path: str, line: int) -> None:
    value = str(node.value)
    if _SURROGATE.search(value):
        raise InputError("lone UTF-16 surrogate escape in a string", path, line)
    if node.tag == _FLOAT:
        number = value.replace("_", "").lower()
        if "nan" in number or "inf" in number:
            raise InputError(f"{value} is not a finite number", path, line)
        try:
            if not math.isfinite(float(number)):
                raise InputError(f"number {_short(value)} is out of range", path, line)
        except ValueError:
            pass  # sexagesimal and other forms the constructor handles itself
    elif node.tag == _INT and len(value) > MAX_INT_DIGITS:
        raise InputError(f"integer of {len(value)} digits (limit {MAX_INT_DIGITS})", path, line)
