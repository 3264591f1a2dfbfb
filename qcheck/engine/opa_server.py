"""The OPA server engine: qcheck's policies evaluated by an OPA server over its REST API.

`load` puts every policy on the server under the `qcheck/` policy-id namespace
(PUT /v1/policies/qcheck/<package path>/<file name>; skipped when the server already holds
that exact text), removes policies a previous run left in that namespace, and writes the
data documents it is given (PUT /v1/data/<path>).
`deny` asks for each rule's `deny` set with the input document
(POST /v1/data/<package path>/deny). Policies keep their own package paths, so the server
answers the same queries as an OPA loaded with `qcheck policy bundle`.

Every failure becomes a one-line InputError (exit 2): an unreachable server, a rejected
token, a policy the server refuses (with the file and line OPA names), a timeout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from qcheck.errors import InputError
from qcheck.model import Rule
from qcheck.policy.catalog import PolicyFile

NAMESPACE = "qcheck"
DEFAULT_TIMEOUT_S = 30.0
TOKEN_ENV = "QCHECK_OPA_TOKEN"
URL_ENV = "QCHECK_OPA_URL"


def policy_id(policy: PolicyFile) -> str:
    """The id a policy gets on the server: namespace, package path, file name."""
    name = policy.path.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{NAMESPACE}/{policy.package.replace('.', '/')}/{name}"


class OpaServerEngine:
    name = "opa"

    def __init__(
        self,
        url: str,
        token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        data: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """`data` maps slash-separated data paths (e.g. "qcheck/catalog") to documents."""
        try:
            from opa_client import OpaClient
        except ImportError:
            raise InputError(
                "--engine opa needs the opa-python-client package: pip install 'qcheck[opa]'"
            ) from None
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme not in ("http", "https") or not parts.hostname or port == -1:
            raise InputError(f"--opa-url is not an http(s) URL with a host: {url!r}")
        if timeout <= 0:
            raise InputError(f"--timeout must be positive, not {timeout:g}")
        netloc = parts.netloc.rsplit("@", 1)[-1]  # never echo credentials in messages
        self.url = f"{parts.scheme}://{netloc}{parts.path}".rstrip("/")
        self.timeout = timeout
        self._data = dict(data or {})
        self._paths: dict[str, str] = {}
        secure = parts.scheme == "https"
        self._client: Any = OpaClient(
            host=parts.hostname,
            port=port or (443 if secure else 80),
            ssl=secure,
            token=token or None,
            timeout=timeout,
            retries=1,
        )
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        prefix = parts.path.rstrip("/")
        self._client.root_url = f"{parts.scheme}://{host}:{port or (443 if secure else 80)}"
        self._client.root_url += f"{prefix}/v1"

    def close(self) -> None:
        self._client.close_connection()

    def load(self, policies: Sequence[PolicyFile]) -> None:
        # OPA compiles on each upload, so a rule can only follow the libraries it imports
        ordered = sorted(policies, key=lambda p: not p.is_library)
        wanted = {policy_id(p): p for p in ordered}
        self._paths = {pid: p.path for pid, p in wanted.items()}
        with self._errors():
            present = [
                pid for pid in self._client.get_policies_list() if pid.startswith(f"{NAMESPACE}/")
            ]
            for pid in present:
                if pid not in wanted:  # left by an earlier run with other policies
                    self._client.delete_policy(pid)
            for pid, policy in wanted.items():
                # OPA recompiles everything on each upload: skip the ones already there
                if pid in present and self._server_text(pid) == policy.text:
                    continue
                self._client.update_policy_from_string(policy.text, pid, rego_compat=False)
            for path, document in self._data.items():
                self._client.update_or_create_data(dict(document), path.strip("/"))

    def _server_text(self, pid: str) -> str | None:
        raw = self._client.get_policy(pid).get("result", {}).get("raw")
        return raw if isinstance(raw, str) else None

    def deny(self, rules: Sequence[Rule], document: Mapping[str, Any]) -> dict[str, list[Any]]:
        results: dict[str, list[Any]] = {}
        for rule in rules:
            with self._errors(rule.source_path, f"data.{rule.package}.deny"):
                answer = self._client.query_rule(dict(document), rule.package, "deny")
            if not isinstance(answer, dict) or "result" not in answer:
                raise InputError(
                    f"package {rule.package} defines no `deny` rule (on {self.url})",
                    rule.source_path,
                )
            value = answer["result"]
            results[rule.package] = (
                [] if value is None else value if isinstance(value, list) else [value]
            )
        return results

    @contextmanager
    def _errors(self, source: str | None = None, query: str | None = None) -> Iterator[None]:
        """Turn client and HTTP failures into one-line InputErrors."""
        try:
            yield
        except InputError:
            raise
        except Exception as error:
            translated = self.translate(error, source, query)
            if translated is None:
                raise
            raise translated from None

    def translate(
        self, error: BaseException, source: str | None, query: str | None = None
    ) -> InputError | None:
        """The one-line InputError for a client or HTTP failure, None when not ours. A
        failed evaluation of `query` is worded as on the embedded engine:
        `<policy>: engine failed evaluating <query>: ...`."""
        import requests
        from opa_client.errors import (
            DeleteDataError,
            DeletePolicyError,
            PolicyNotFoundError,
            RegoParseError,
        )

        server = f"OPA server {self.url}"
        if isinstance(error, requests.exceptions.Timeout):
            return InputError(f"{server} did not answer within {self.timeout:g} s (timeout)")
        if isinstance(error, requests.exceptions.ConnectionError):
            return InputError(f"cannot reach the {server}: {_reason(error)}")
        if isinstance(error, requests.exceptions.HTTPError) and error.response is not None:
            return self._http_error(
                error.response.status_code, _body(error.response), source, query
            )
        if isinstance(error, RegoParseError):
            body = {"code": error.expression, "message": error.message, "errors": error.errors}
            return self._http_error(None, body, source)
        if isinstance(error, DeletePolicyError | DeleteDataError | PolicyNotFoundError):
            body = {"code": error.expression, "message": error.message}
            return self._http_error(None, body, source)
        if isinstance(error, requests.exceptions.RequestException):
            detail = " ".join(str(error).split())[:200]
            return InputError(f"{server} answered in a way qcheck cannot read: {detail}")
        return None

    def _http_error(
        self,
        status: int | None,
        body: Mapping[str, Any],
        source: str | None,
        query: str | None = None,
    ) -> InputError:
        code = str(body.get("code") or "")
        message = " ".join(str(body.get("message") or "").split())
        server = f"OPA server {self.url}"
        if status in (401, 403) or code in ("unauthorized", "forbidden"):
            return InputError(
                f"{server} rejected the token (HTTP {status or 401}: {message or code}); "
                f"check --opa-token or {TOKEN_ENV}"
            )
        for detail in body.get("errors") or []:
            if not isinstance(detail, dict):
                continue
            location = detail.get("location") or {}
            file = str(location.get("file") or "")
            path = self._paths.get(file.lstrip("/"), file or source)
            line = location.get("row") if isinstance(location.get("row"), int) else None
            return InputError(
                f"{server} refused the policy: {detail.get('code', code)}: "
                f"{detail.get('message', message)}",
                path,
                line,
            )
        status_text = f"HTTP {status}: " if status else ""
        if query and status is not None and status >= 500:
            return InputError(
                f"engine failed evaluating {query}: {server} answered {status_text}"
                f"{code}: {message}".rstrip(": "),
                source,
            )
        return InputError(f"{server} failed: {status_text}{code}: {message}".rstrip(": "), source)


def _body(response: Any) -> dict[str, Any]:
    try:
        loaded = response.json()
    except ValueError:
        return {"message": " ".join(str(response.text).split())[:200]}
    return loaded if isinstance(loaded, dict) else {"message": json.dumps(loaded)[:200]}


def _reason(error: BaseException) -> str:
    """The innermost reason of a connection failure: "Connection refused", a DNS failure..."""
    text = str(error)
    for marker in ("] ", "Errno"):
        if marker in text:
            tail = text.rsplit(marker, 1)[-1]
            return " ".join(tail.rstrip("')\"").split())[:160] or "connection failed"
    return " ".join(text.split())[:160] or "connection failed"
