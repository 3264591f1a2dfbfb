"""A local AWS emulator for the collector's tests and benchmark, served on 127.0.0.1.

One HTTP endpoint (point AWS_ENDPOINT_URL at it) in front of moto's server application:

- Organizations, Identity Store and STS are served by moto. The caller's account is taken
  from the request's access key (a 12-digit key is that account, a key moto issued through
  AssumeRole is the role's account, anything else is the management account) and handed
  to moto, so each account sees its own data.
- STS AssumeRole is refused with AccessDenied when the role does not exist in moto's IAM,
  as AWS does; moto itself would mint credentials for any role.
- IAM Identity Center (sso-admin), which moto lacks, is emulated here from
  `IdentityCenter` state. Each behaviour is taken from botocore's sso-admin model (its
  shapes and documentation strings, which are the API reference's text) and cited where
  it is coded; what neither states is marked "Assumption:" beside it. Every response is
  validated against the operation's output shape, as botocore's Stubber does.
- `minimal` strips every JSON response (moto's and ours) down to the members its output
  shape marks required, recursively: what the collector must survive.
- Faults (throttling, AccessDenied, expired tokens) are injected per request by rules,
  and an optional latency is added to every request. Every request, retries included, is
  logged with its operation, region and account.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
import urllib.parse
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import botocore.session
from botocore.validate import validate_parameters

with warnings.catch_warnings():  # moto asks for its [server] extra; we need only flask
    warnings.simplefilter("ignore", UserWarning)
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, make_server

Q_DEVELOPER = "arn:aws:sso::aws:applicationProvider/codewhisperer"
Q_BUSINESS = "arn:aws:sso::aws:applicationProvider/qbusiness"
PROVIDERS = (
    (Q_DEVELOPER, "Amazon Q Developer"),
    (Q_BUSINESS, "Amazon Q Business"),
    ("arn:aws:sso::aws:applicationProvider/custom", "Custom SAML 2.0 application"),
)
# AWS lets IAM Identity Center have a delegated administrator; moto's list lacks it.
_DELEGATABLE = ("sso.amazonaws.com",)
_CREDENTIAL = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/")
# Assumption: the page size when MaxResults is not sent (the model gives none). Kept small
# so that a collector that forgets MaxResults pays for it in calls.
_SSO_DEFAULT_PAGE = 10


@dataclass(frozen=True)
class Request:
    """One HTTP request as the emulator saw it (each retry is a request of its own)."""

    service: str  # the SigV4 signing name: organizations, identitystore, sso, sts
    operation: str
    region: str
    access_key: str
    account_id: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str = "application/x-amz-json-1.1"


Fault = Callable[[Request], "Reply | None"]


def json_error(code: str, message: str, status: int = 400) -> Reply:
    return Reply(status, json.dumps({"__type": code, "message": message}).encode())


def query_error(code: str, message: str, status: int = 403) -> Reply:
    body = (
        "<ErrorResponse><Error><Type>Sender</Type>"
        f"<Code>{code}</Code><Message>{message}</Message></Error>"
        "<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>"
    )
    return Reply(status, body.encode(), "text/xml")


def error_for(request: Request, code: str, message: str, status: int = 400) -> Reply:
    """An error in the wire format of the request's service (STS speaks XML)."""
    if request.service == "sts":
        return query_error(code, message, status)
    return json_error(code, message, status)


def throttle_first(count: int, matches: Callable[[Request], bool]) -> Fault:
    """Throttle the first `count` matching requests, then let them through."""
    seen = Counter[str]()
    lock = threading.Lock()

    def fault(request: Request) -> Reply | None:
        if not matches(request):
            return None
        with lock:
            seen["n"] += 1
            throttled = seen["n"] <= count
        return error_for(request, "ThrottlingException", "Rate exceeded") if throttled else None

    return fault


def always(code: str, matches: Callable[[Request], bool], status: int = 400) -> Fault:
    def fault(request: Request) -> Reply | None:
        if matches(request):
            return error_for(request, code, f"{code} for {request.operation}", status)
        return None

    return fault


def rate_limited(rate: float, burst: float) -> Fault:
    """Throttle like AWS: a token bucket per service and account, `rate` requests a
    second with bursts of `burst`; a request finding the bucket empty is throttled."""
    buckets: dict[tuple[str, str], tuple[float, float]] = {}  # key -> (tokens, time)
    lock = threading.Lock()

    def fault(request: Request) -> Reply | None:
        key = (request.service, request.account_id)
        now = time.monotonic()
        with lock:
            tokens, then = buckets.get(key, (burst, now))
            tokens = min(burst, tokens + (now - then) * rate)
            allowed = tokens >= 1
            buckets[key] = (tokens - 1 if allowed else tokens, now)
        return None if allowed else error_for(request, "ThrottlingException", "Rate exceeded")

    return fault


@dataclass
class Instance:
    arn: str
    owner: str
    identity_store_id: str
    region: str
    regions: tuple[str, ...] = ()
    name: str = "qcheck-test"
    visible_to: frozenset[str] = frozenset()  # accounts besides the owner that can see it

    def metadata(self) -> dict[str, Any]:
        regions = self.regions or (self.region,)
        return {
            "InstanceArn": self.arn,
            "IdentityStoreId": self.identity_store_id,
            "OwnerAccountId": self.owner,
            "Name": self.name,
            "Status": "ACTIVE",
            "PrimaryRegion": self.region,
            "Regions": [
                {"RegionName": r, "Status": "ACTIVE", "IsPrimaryRegion": r == self.region}
                for r in regions
            ],
        }


@dataclass
class Application:
    arn: str
    instance: str
    account: str
    name: str
    created_from: str | None  # None: CreatedFrom left out of the response
    provider: str = Q_DEVELOPER
    status: str = "ENABLED"
    assignment_required: bool = True
    assignments: list[tuple[str, str]] = field(default_factory=list)  # (type, principal id)


@dataclass
class IdentityCenter:
    instances: list[Instance] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    region_scope_supported: bool = True  # False: the service refuses RegionScope


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *_: Any, **__: Any) -> None:
        pass


class Emulator:
    """The WSGI application plus its server thread; use as a context manager."""

    def __init__(self, management_account: str, latency: float = 0.0) -> None:
        self.management_account = management_account
        self.latency = latency
        self.idc = IdentityCenter()
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        self.issued_secrets: list[str] = []
        self._lock = threading.Lock()
        from moto.organizations.models import FakeDelegatedAdministrator

        for principal in _DELEGATABLE:
            if principal not in FakeDelegatedAdministrator.SUPPORTED_SERVICES:
                FakeDelegatedAdministrator.SUPPORTED_SERVICES.append(principal)
        self._moto = DomainDispatcherApplication(create_backend_app)
        self._models = botocore.session.get_session()
        for service in ("sso-admin", "organizations", "identitystore"):
            # Loaded now: a test may later point AWS_DATA_PATH at an older model for the
            # collector, and the emulator must keep speaking the installed one.
            self._models.get_service_model(service)
        self.minimal: Callable[[Request], bool] = lambda _: False
        self._server: Any = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------

    def __enter__(self) -> Emulator:
        self._server = make_server(
            "127.0.0.1", 0, self, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- inspection -------------------------------------------------------------------

    def operations(self) -> Counter[str]:
        """Requests per `service:Operation`, retries included."""
        with self._lock:
            return Counter(f"{r.service}:{r.operation}" for r in self.requests)

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- WSGI -------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        request = self._parse(environ, body)
        if request is None:  # moto's own API (reset) and anything unsigned
            return self._moto(environ, start_response)
        with self._lock:
            self.requests.append(request)
        if self.latency:
            time.sleep(self.latency)
        reply = next((r for f in self.faults if (r := f(request)) is not None), None)
        if reply is None and request.service == "sso":
            reply = self._identity_center(request)
        if reply is None and request.operation == "AssumeRole":
            reply = self._refuse_missing_role(request)
        if reply is None:
            environ["HTTP_X_MOTO_ACCOUNT_ID"] = request.account_id
            if request.operation == "AssumeRole" and not self.minimal(request):
                return self._remember_secret(environ, start_response)
            if not self.minimal(request):
                return self._moto(environ, start_response)
            reply = self._from_moto(environ, request)
        if reply.status < 300 and self.minimal(request):
            reply = Reply(
                reply.status, self._required_only(request, reply.body), reply.content_type
            )
        start_response(
            f"{reply.status} {'OK' if reply.status < 300 else 'Error'}",
            [("Content-Type", reply.content_type), ("x-amzn-RequestId", "qcheck-emulator")],
        )
        return [reply.body]

    def _from_moto(self, environ: dict[str, Any], request: Request) -> Reply:
        captured: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            captured["status"] = int(status.split()[0])
            captured["type"] = dict(headers).get("Content-Type", "application/x-amz-json-1.1")

        body = b"".join(self._moto(environ, start))
        return Reply(captured["status"], body, captured["type"])

    def _required_only(self, request: Request, body: bytes) -> bytes:
        """The response with only the members its output shape marks required."""
        names = {
            "sso": "sso-admin",
            "organizations": "organizations",
            "identitystore": "identitystore",
        }
        if request.service == "sts":  # every member of these sts outputs is optional
            name = request.operation
            return f"<{name}Response><{name}Result></{name}Result></{name}Response>".encode()
        model = self._models.get_service_model(names[request.service])
        shape = model.operation_model(request.operation).output_shape
        return json.dumps(required_only(shape, json.loads(body or b"{}"))).encode()

    def _parse(self, environ: dict[str, Any], body: bytes) -> Request | None:
        match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        if match is None:
            return None
        access_key, region, service = match.groups()
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target:
            operation = target.rsplit(".", 1)[-1]
            params = json.loads(body or b"{}")
        else:
            form = urllib.parse.parse_qs(body.decode())
            params = {key: values[0] for key, values in form.items()}
            operation = params.get("Action", "")
        return Request(service, operation, region, access_key, self._account(access_key), params)

    def _account(self, access_key: str) -> str:
        if re.fullmatch(r"[0-9]{12}", access_key):
            return access_key
        from moto.core.models import DEFAULT_ACCOUNT_ID
        from moto.iam.models import get_account_id_from

        account = get_account_id_from(access_key)
        return self.management_account if account == DEFAULT_ACCOUNT_ID else account

    def _refuse_missing_role(self, request: Request) -> Reply | None:
        from moto.iam.models import iam_backends

        arn = request.params.get("RoleArn", "")
        account, _, name = arn.split(":")[4], None, arn.rsplit("/", 1)[-1]
        roles = iam_backends[account]["aws"].roles.values()
        if any(role.name == name for role in roles):
            return None
        message = (
            f"User: arn:aws:iam::{request.account_id}:user/qcheck is not authorized to "
            f"perform: sts:AssumeRole on resource: {arn}"
        )
        return query_error("AccessDenied", message)

    def _remember_secret(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Forward AssumeRole to moto, noting the issued secrets for leak tests."""
        chunks = list(self._moto(environ, start_response))
        text = b"".join(chunks).decode()
        with self._lock:
            for tag in ("AccessKeyId", "SecretAccessKey", "SessionToken"):
                found = re.search(f"<{tag}>([^<]+)</{tag}>", text)
                if found:
                    self.issued_secrets.append(found.group(1))
        return [text.encode()]

    # -- IAM Identity Center ------------------------------------------------------------

    def _identity_center(self, request: Request) -> Reply:
        handler = getattr(self, f"_sso_{request.operation}", None)
        if handler is None:
            return json_error("UnknownOperationException", f"not emulated: {request.operation}")
        result = handler(request)
        if isinstance(result, Reply):
            return result
        shape = self._models.get_service_model("sso-admin").operation_model(request.operation)
        validate_parameters(result, shape.output_shape)  # as botocore's Stubber does
        return Reply(200, json.dumps(result).encode())

    def _page(self, request: Request, key: str, items: list[Any]) -> dict[str, Any]:
        """MaxResults is bounded by the model's MaxResults shape (min 1, max 100).
        Assumption: NextToken is an offset (the model says only that it is opaque)."""
        model = self._models.get_service_model("sso-admin").operation_model(request.operation)
        limit = model.input_shape.members["MaxResults"].metadata["max"]
        size = min(int(request.params.get("MaxResults", _SSO_DEFAULT_PAGE)), limit)
        start = int(request.params.get("NextToken") or 0)
        page: dict[str, Any] = {key: items[start : start + size]}
        if start + size < len(items):
            page["NextToken"] = str(start + size)
        return page

    def _visible(self, instance: Instance, account: str) -> bool:
        """ListInstances: instances "created in or visible to the account calling this API"
        (the model's documentation). Assumption: which accounts besides the owner see an
        instance (`visible_to`, e.g. the IdC delegated administrator) is set per test."""
        return account == instance.owner or account in instance.visible_to

    def _instance(self, request: Request, arn: str) -> Instance | Reply:
        """Assumption: an instance the caller cannot see is AccessDeniedException, and one
        not enabled in the request's Region ResourceNotFoundException (both are among the
        errors the model lists for these operations; which applies is not documented)."""
        instance = next((i for i in self.idc.instances if i.arn == arn), None)
        if instance is None or not self._visible(instance, request.account_id):
            return json_error("AccessDeniedException", f"not authorized for {arn}")
        if request.region not in (instance.regions or (instance.region,)):
            return json_error("ResourceNotFoundException", f"{arn} not in {request.region}")
        return instance

    def _application(self, request: Request) -> Application | Reply:
        arn = request.params["ApplicationArn"]
        app = next((a for a in self.idc.applications if a.arn == arn), None)
        if app is None:
            return json_error("ResourceNotFoundException", f"no application {arn}")
        instance = self._instance(request, app.instance)
        return instance if isinstance(instance, Reply) else app

    def _sso_ListInstances(self, request: Request) -> dict[str, Any] | Reply:
        """RegionScope (model): CURRENT_REGION "Lists only the instances in the Region that
        you call this API from"; ALL_REGIONS "Lists the instances that the caller owns or
        that are shared with the caller across all Regions"; "If you don't specify a value,
        the default is CURRENT_REGION". Assumption: a service that predates the parameter
        refuses it with ValidationException (listed among the operation's errors)."""
        scope = request.params.get("RegionScope", "CURRENT_REGION")
        if "RegionScope" in request.params and not self.idc.region_scope_supported:
            return json_error("ValidationException", "Unrecognized parameter RegionScope")
        found = [
            i.metadata()
            for i in self.idc.instances
            if self._visible(i, request.account_id)
            and (scope == "ALL_REGIONS" or request.region in (i.regions or (i.region,)))
        ]
        return self._page(request, "Instances", found)

    def _sso_ListApplications(self, request: Request) -> dict[str, Any] | Reply:
        """ListApplications (model documentation = API reference): "When listing
        applications for an organization instance in the management account, member
        accounts must use the applicationAccount parameter to filter the list to only
        applications created from that account. When listing applications for an account
        instance in the same member account, a filter is not required."
        Assumptions: the unfiltered call is refused with ValidationException (the error
        is not documented); a member account that can see the organization instance (the
        delegated administrator) may filter by any account of the organization."""
        instance = self._instance(request, request.params["InstanceArn"])
        if isinstance(instance, Reply):
            return instance
        account = (request.params.get("Filter") or {}).get("ApplicationAccount")
        organization_instance = instance.owner == self.management_account
        if organization_instance and request.account_id != instance.owner and account is None:
            return json_error(
                "ValidationException",
                "member accounts must use the ApplicationAccount filter to list the "
                "applications of an organization instance",
            )
        apps = [
            {
                "ApplicationArn": a.arn,
                "ApplicationProviderArn": a.provider,
                "Name": a.name,
                "ApplicationAccount": a.account,
                "InstanceArn": a.instance,
                "Status": a.status,
                # CreatedFrom: "The Amazon Web Services Region where the application was
                # created in IAM Identity Center" (optional in the model).
                **({"CreatedFrom": a.created_from} if a.created_from else {}),
            }
            for a in self.idc.applications
            if a.instance == instance.arn and account in (None, a.account)
        ]
        return self._page(request, "Applications", apps)

    def _sso_GetApplicationAssignmentConfiguration(
        self, request: Request
    ) -> dict[str, Any] | Reply:
        app = self._application(request)
        return app if isinstance(app, Reply) else {"AssignmentRequired": app.assignment_required}

    def _sso_ListApplicationAssignments(self, request: Request) -> dict[str, Any] | Reply:
        app = self._application(request)
        if isinstance(app, Reply):
            return app
        items = [
            {"ApplicationArn": app.arn, "PrincipalType": kind, "PrincipalId": principal}
            for kind, principal in app.assignments
        ]
        return self._page(request, "ApplicationAssignments", items)

    def _sso_ListApplicationProviders(self, request: Request) -> dict[str, Any]:
        """Assumption: the provider ARNs and display names in PROVIDERS are seen in public
        data, not in an API reference."""
        providers = [
            {"ApplicationProviderArn": arn, "DisplayData": {"DisplayName": name}}
            for arn, name in PROVIDERS
        ]
        return self._page(request, "ApplicationProviders", providers)


def required_only(shape: Any, value: Any, top: bool = True) -> Any:
    """`value` keeping only the members `shape` lists as required, at every depth below
    the response's own result members (its listings and described objects), which are
    kept: a listing left out would only read as an empty one, and it is what the items
    inside lose that the collector must survive."""
    if shape.type_name == "structure":
        kept = set(shape.metadata.get("required", []))
        if top:
            kept |= {n for n, m in shape.members.items() if m.type_name in ("list", "structure")}
        return {
            name: required_only(shape.members[name], value[name], top=False)
            for name in sorted(kept)
            if name in value
        }
    if shape.type_name == "list":
        return [required_only(shape.member, item, top=False) for item in value]
    if shape.type_name == "map":
        return {key: required_only(shape.value, item, top=False) for key, item in value.items()}
    return value


def reset_moto(url: str) -> None:
    """Empty every moto backend (moto's server API)."""
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"))


def matching(
    service: str | None = None,
    operation: str | None = None,
    region: str | None = None,
    accounts: Iterable[str] | None = None,
) -> Callable[[Request], bool]:
    wanted = frozenset(accounts) if accounts is not None else None
    return lambda r: (
        (service is None or r.service == service)
        and (operation is None or r.operation == operation)
        and (region is None or r.region == region)
        and (wanted is None or r.account_id in wanted)
    )
