"""Admit a policy file before any engine sees it: bounded parsing, no disabled built-ins.

A policy judges the input document and nothing else: no network (http.send,
net.lookup_ip_addr), no runtime environment (opa.runtime), and nothing that changes from
run to run (time.now_ns, rand.intn, uuid.rfc4122, and the built-ins that read the clock or
randomness behind the caller's back), so that results are reproducible evidence and
identical on every engine. The check runs on the parsed policy (regorus's AST), not on its
text: `time["now_ns"]()`, `http["send"]`, `x with count as http.send` and a mocked
`with time.now_ns as 1` are all references to the same built-in and are all refused.

Parsing itself is bounded: regorus's parser takes time exponential in the nesting depth of
literals (a 25-deep array takes hours), so a cheap scan refuses deep nesting first with the
file and line, and the parse runs in a forked child under the evaluation time limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import regorus

from qcheck.engine.native import (
    DEFAULT_MEMORY_LIMIT,
    Progress,
    engine_failure,
    is_panic,
    rego_error,
    run_bounded,
)
from qcheck.errors import InputError

# OPA's own nondeterministic built-ins (its capabilities mark them "nondeterministic"),
# plus the certificate verifications, which judge validity against the current clock.
# io.jwt.decode_verify is among them: it checks exp/nbf against the clock when no "time"
# constraint is given (the keys it verifies with are arguments; it fetches nothing).
DISABLED_BUILTINS = (
    "crypto.x509.parse_and_verify_certificates",
    "crypto.x509.parse_and_verify_certificates_with_options",
    "http.send",
    "io.jwt.decode_verify",
    "io.jwt.encode_sign",
    "io.jwt.encode_sign_raw",
    "net.lookup_ip_addr",
    "opa.runtime",
    "rand.intn",
    "time.now_ns",
    "uuid.rfc4122",
)
_DISABLED_PARTS = tuple(name.split(".") for name in DISABLED_BUILTINS)

# Deepest nesting of brackets, braces and parentheses a policy may have. The built-in
# policies need 6; at 12 the parser still takes well under a second per literal.
MAX_NESTING = 12
# Strings (plain and raw) and comments, whose brackets do not nest.
_NOT_CODE = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|#[^\n]*')
_REFS = ("Var", "RefDot", "RefBrack")
_ADMITTED: set[tuple[str, str]] = set()
# Every reference to a built-in starts with its namespace as a word of the source; files
# without one (most) need the parse but not the walk over its AST.
_NAMESPACE = re.compile(
    r"\b(?:" + "|".join(sorted({name.split(".")[0] for name in DISABLED_BUILTINS})) + r")\b"
)


def check_nesting(path: str, text: str) -> None:
    """Refuse nesting deeper than MAX_NESTING, naming the line where it goes too deep."""
    code = _NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    depth = 0
    for match in re.finditer(r"[(\[{]|[)\]}]", code):
        depth += 1 if match.group() in "([{" else -1
        if depth > MAX_NESTING:
            line = code.count("\n", 0, match.start()) + 1
            raise InputError(
                f"nested more than {MAX_NESTING} levels deep (brackets, braces or "
                "parentheses): flatten the literal or split the rule",
                path,
                line,
            )


def admit_policies(
    files: Sequence[tuple[str, str]],
    time_limit: float | None,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
) -> None:
    """Parse each (path, text) with regorus and refuse disabled built-ins, all in a forked
    child under `time_limit`; InputError (file and line) on the first policy refused.
    Files admitted before (same path and text) in this process are not checked again."""
    files = [(path, text) for path, text in files if (path, text) not in _ADMITTED]
    if not files:
        return
    for path, text in files:
        check_nesting(path, text)

    def admit(progress: Progress) -> None:
        for path, text in files:
            progress.set(path, "its parse")
            if _NAMESPACE.search(text):
                check_builtins(path, parse(path, text))
            else:  # no reference can start at a disabled built-in's namespace: parse only
                _engine_with(path, text)

    run_bounded(admit, time_limit, memory_limit, "policy parsing")
    _ADMITTED.update(files)


def parse(path: str, text: str) -> dict[str, Any]:
    """The AST regorus builds for one policy file (its `ast` member)."""
    modules = json.loads(_engine_with(path, text).get_ast_as_json())
    ast: dict[str, Any] = modules[0]["ast"]
    return ast


def _engine_with(path: str, text: str) -> Any:
    """A regorus engine holding just this policy; Rego errors and panics as one line."""
    engine = regorus.Engine()
    try:
        engine.add_policy(path, text)
    except RuntimeError as error:
        raise rego_error(error, path) from None
    except BaseException as error:
        if is_panic(error):
            raise engine_failure(path, "its parse", error) from None
        raise
    return engine


def check_builtins(path: str, ast: dict[str, Any]) -> None:
    for name, line, called in _disabled_references(ast):
        verb = "calls" if called else "refers to"
        raise InputError(
            f"{verb} {name}, which qcheck disables: policies judge the input only "
            "(no network, environment, clock or randomness)",
            path,
            line,
        )


def _disabled_references(ast: Any) -> Iterator[tuple[str, int, bool]]:
    """(built-in, line, called?) for every reference that reaches a disabled built-in."""
    stack: list[tuple[Any, bool]] = [(ast, False)]
    while stack:
        node, called = stack.pop()
        if isinstance(node, list):
            stack.extend((item, False) for item in reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        kind = next((k for k in _REFS if k in node and isinstance(node[k], dict)), None)
        if kind is not None:
            found = _disabled(_path(node))
            if found:
                yield found, int(node[kind]["span"]["line"]), called
                continue
        call = node.get("Call")
        if isinstance(call, dict):
            stack.append((call.get("params"), False))
            stack.append((call.get("fcn"), True))
            continue
        stack.extend((value, False) for value in reversed(node.values()))


def _path(node: Any) -> list[str | None] | None:
    """A reference as names, None for a part computed at run time; None unless it starts
    at a variable (the namespace of a built-in)."""
    if not isinstance(node, dict):
        return None
    if "Var" in node:
        return [str(node["Var"]["value"])]
    if "RefDot" in node:
        head = _path(node["RefDot"]["refr"])
        return None if head is None else [*head, str(node["RefDot"]["field"][1])]
    if "RefBrack" in node:
        head = _path(node["RefBrack"]["refr"])
        index = node["RefBrack"]["index"]
        part = str(index["String"]["value"]) if "String" in index else None
        return None if head is None else [*head, part]
    return None


def _disabled(parts: list[str | None] | None) -> str | None:
    """The disabled built-in a reference reaches, or could reach through a computed part."""
    if not parts:
        return None
    static = parts[: parts.index(None)] if None in parts else parts
    computed = len(static) < len(parts)
    for disabled in _DISABLED_PARTS:
        if static[: len(disabled)] == disabled:
            return ".".join(disabled)
        if computed and static and disabled[: len(static)] == static:
            return ".".join(disabled)
    return None
