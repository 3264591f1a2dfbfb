"""A small HTTP server that speaks the part of OPA's REST API qcheck's OPA server engine
uses, and evaluates with real OPA (the Go engine, through opa-golib-python-bindings).

Endpoints, request and error shapes follow OPA's REST API reference:

    GET    /health
    GET    /v1/policies              {"result": [{"id", "raw"}]}
    GET    /v1/policies/{id}         {"result": {"id", "raw"}} or 404
    PUT    /v1/policies/{id}         text/plain Rego; 200 {} or 400 with compile errors
    DELETE /v1/policies/{id}         200 {} or 404
    PUT    /v1/data/{path}           JSON document; 204
    POST   /v1/data/{path}           {"input": ...} -> 200 {"result": ...} or {} when undefined

Errors use OPA's shape: {"code": "...", "message": "...", "errors": [{"code", "message",
"location": {"file", "row", "col"}}]}. With a token, requests need
`Authorization: Bearer <token>` (OPA's `--authentication=token`), else 401. Listens on
127.0.0.1 only. `eval_delay_s` slows POST /v1/data answers, to exercise client timeouts;
`prefix` serves the API below a path, as OPA behind a reverse proxy.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.opa_go import OpaEngine, OpaError, OpaUndefinedError, require_opa_go

_LOCATED = re.compile(r"(?P<file>[^\s:][^:]*):(?P<row>\d+): (?P<code>rego_\w+): (?P<msg>[^\n]+)")


class OpaRestServer:
    def __init__(
        self, token: str | None = None, eval_delay_s: float = 0.0, prefix: str = ""
    ) -> None:
        require_opa_go()
        self.token = token
        self.prefix = prefix.rstrip("/")  # as when OPA sits behind a proxy at a path
        self.eval_delay_s = eval_delay_s
        self.policies: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.requests: list[tuple[str, str]] = []
        self._engine: Any = None
        self._lock = threading.RLock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def __enter__(self) -> OpaRestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        if self._engine is not None:
            self._engine.close()

    # -- state, all under the lock -----------------------------------------------------

    def compile(self, policies: dict[str, str]) -> tuple[Any, list[dict[str, Any]]]:
        """A fresh OPA engine holding these policies and the data, or OPA's errors."""
        engine = OpaEngine()
        try:
            for pid, text in sorted(policies.items()):
                engine.add_policy(pid, text)
            engine.add_data(self.data)
            engine.eval_query("true")  # compiles every module, as OPA does on PUT
        except OpaError as error:
            engine.close()
            return None, _compile_errors(error.message)
        return engine, []

    def put_policy(self, pid: str, text: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            candidate = {**self.policies, pid: text}
            engine, errors = self.compile(candidate)
            if errors:
                return 400, {
                    "code": "invalid_parameter",
                    "message": "error(s) occurred while compiling module(s)",
                    "errors": errors,
                }
            self._replace(engine)
            self.policies = candidate
            return 200, {}

    def delete_policy(self, pid: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            if pid not in self.policies:
                return 404, {
                    "code": "resource_not_found",
                    "message": f'storage_not_found_error: policy id "{pid}"',
                }
            del self.policies[pid]
            self._replace(None)
            return 200, {}

    def put_data(self, path: list[str], value: Any) -> tuple[int, dict[str, Any]]:
        with self._lock:
            if not path:
                self.data = value
            else:
                node = self.data
                for key in path[:-1]:
                    node = node.setdefault(key, {})
                node[path[-1]] = value
            self._replace(None)
            return 204, {}

    def query(
        self, path: list[str], document: Any, raw_input: bytes | None = None
    ) -> tuple[int, dict[str, Any]]:
        """`raw_input`, when given, is the input already as JSON text (see `_raw_input`)."""
        if self.eval_delay_s:
            time.sleep(self.eval_delay_s)
        with self._lock:
            if self._engine is None:
                engine, errors = self.compile(self.policies)
                if errors:
                    return 500, {"code": "internal_error", "message": errors[0]["message"]}
                self._engine = engine
            try:
                if raw_input is not None:
                    return 200, {"result": _eval_raw(self._engine, ".".join(path), raw_input)}
                return 200, {"result": self._engine.eval_document(".".join(path), document)}
            except OpaUndefinedError:
                return 200, {}
            except OpaError as error:
                return 500, {"code": "internal_error", "message": error.message}

    def _replace(self, engine: Any) -> None:
        if self._engine is not None:
            self._engine.close()
        self._engine = engine


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) leaves a broken pipe: not worth a trace."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _raw_input(body: bytes) -> bytes | None:
    """The input of a `{"input": ...}` body as the client serialised it (Python's json
    module, default separators), without parsing it here: OPA's server parses the body once,
    in Go; parsing it in Python and serialising it again for Go would triple that work on a
    large input. None for any other shape (then the body is parsed as usual)."""
    head = b'{"input": '
    if body.startswith(head) and body.endswith(b"}"):
        return body[len(head) : -1]
    return None


def _eval_raw(engine: Any, path: str, raw: bytes) -> Any:
    """`OpaEngine.eval_document` with input that is already JSON text. The bindings offer
    no public call for that, so this follows eval_document's own body (opa_bindings.engine)."""
    from opa_bindings.engine import _cstr

    with engine._eval_lock:
        engine._eval_reset()
        found = engine._eval_result(
            engine._call(engine._lib.OpaEvalDocument, _cstr(path), raw, 0, 0)
        )
    if not found or not found[0].get("expressions"):
        raise OpaUndefinedError(f"data.{path}")
    return found[0]["expressions"][0]["value"]


def _compile_errors(message: str) -> list[dict[str, Any]]:
    found = [
        {
            "code": m.group("code"),
            "message": m.group("msg").strip(),
            "location": {"file": m.group("file"), "row": int(m.group("row")), "col": 1},
        }
        for m in _LOCATED.finditer(message)
    ]
    return found or [{"code": "rego_compile_error", "message": message.strip()}]


def _handler(server: OpaRestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in separate writes

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: dict[str, Any] | None) -> None:
            payload = b"" if status == 204 or body is None else json.dumps(body).encode()
            self.send_response(status)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _route(self) -> tuple[str, list[str]] | None:
            body = self._body()  # always drain the request
            self._raw = body
            server.requests.append((self.command, self.path))
            if server.token is not None and (
                self.headers.get("Authorization") != f"Bearer {server.token}"
            ):
                self._send(
                    401,
                    {"code": "unauthorized", "message": "The request could not be authorized"},
                )
                return None
            path = unquote(urlsplit(self.path).path)
            if server.prefix:
                if not path.startswith(server.prefix + "/"):
                    self._send(404, {"code": "resource_not_found", "message": path})
                    return None
                path = path[len(server.prefix) :]
            for prefix in ("/v1/policies", "/v1/data", "/health"):
                if path == prefix or path.startswith(prefix + "/"):
                    rest = path[len(prefix) :].strip("/")
                    return prefix, [p for p in rest.split("/") if p] if prefix != "/health" else []
            self._send(404, {"code": "resource_not_found", "message": f"no route for {path}"})
            return None

        def _json(self) -> Any:
            return json.loads(self._raw or b"null")

        def do_GET(self) -> None:
            route = self._route()
            if route is None:
                return
            kind, parts = route
            if kind == "/health":
                self._send(200, {})
            elif kind == "/v1/policies" and parts:
                pid = "/".join(parts)
                with server._lock:
                    raw = server.policies.get(pid)
                if raw is None:
                    self._send(
                        404,
                        {
                            "code": "resource_not_found",
                            "message": f'storage_not_found_error: policy id "{pid}"',
                        },
                    )
                else:
                    self._send(200, {"result": {"id": pid, "raw": raw}})
            elif kind == "/v1/policies":
                with server._lock:
                    listing = [{"id": k, "raw": v} for k, v in sorted(server.policies.items())]
                self._send(200, {"result": listing})
            else:
                self._send(405, {"code": "invalid_parameter", "message": "method not allowed"})

        def do_PUT(self) -> None:
            route = self._route()
            if route is None:
                return
            kind, parts = route
            if kind == "/v1/policies" and parts:
                self._send(*server.put_policy("/".join(parts), self._raw.decode("utf-8")))
            elif kind == "/v1/data":
                try:
                    value = self._json()
                except ValueError as error:
                    self._send(400, {"code": "invalid_parameter", "message": str(error)})
                    return
                self._send(*server.put_data(parts, value))
            else:
                self._send(405, {"code": "invalid_parameter", "message": "method not allowed"})

        def do_DELETE(self) -> None:
            route = self._route()
            if route is None:
                return
            kind, parts = route
            if kind == "/v1/policies" and parts:
                self._send(*server.delete_policy("/".join(parts)))
            else:
                self._send(405, {"code": "invalid_parameter", "message": "method not allowed"})

        def do_POST(self) -> None:
            route = self._route()
            if route is None:
                return
            kind, parts = route
            if kind != "/v1/data":
                self._send(405, {"code": "invalid_parameter", "message": "method not allowed"})
                return
            raw = _raw_input(self._raw)
            if raw is not None:
                self._send(*server.query(parts, None, raw))
                return
            try:
                request = self._json() or {}
            except ValueError as error:
                self._send(400, {"code": "invalid_parameter", "message": str(error)})
                return
            self._send(*server.query(parts, request.get("input")))

    return Handler
