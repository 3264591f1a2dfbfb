"""Refuse policies that call built-ins reaching outside the input.

A policy judges the input document and nothing else: no network (http.send,
net.lookup_ip_addr), no runtime environment (opa.runtime), and nothing that changes from
run to run (time.now_ns, rand.intn, uuid.rfc4122), so that results are reproducible
evidence and identical on every engine. Rego cannot call a built-in by a computed name,
so reading the source (without comments and strings) finds every call.
"""

from __future__ import annotations

import re

from qcheck.errors import InputError

DISABLED_BUILTINS = (
    "http.send",
    "net.lookup_ip_addr",
    "opa.runtime",
    "time.now_ns",
    "rand.intn",
    "uuid.rfc4122",
)
_CALL = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(name) for name in DISABLED_BUILTINS) + r")\s*\("
)
# Strings (plain and raw) and comments, which may mention a built-in without calling it.
_NOT_CODE = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|#[^\n]*')


def check_builtins(path: str, text: str) -> None:
    code = _NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    match = _CALL.search(code)
    if match:
        line = code.count("\n", 0, match.start()) + 1
        raise InputError(
            f"calls {match.group(1)}, which qcheck disables: policies judge the input only "
            "(no network, environment or randomness)",
            path,
            line,
        )
