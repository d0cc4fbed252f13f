"""A fake GitHub REST API: a real HTTP server on 127.0.0.1 that checks every request
against GitHub's published REST description and answers from state a test sets up.

Use it through the ``github_api`` fixture (``tests/conftest.py``)::

    def test_reads_rulesets(github_api: GitHubAPI) -> None:
        github_api.add_repository("acme/shop", default_branch="main")
        github_api.set_branch_rules("acme/shop", "main", [
            {"type": "pull_request", "parameters": {...}},
        ])
        client = SomeClient(api_url=github_api.url, token=github_api.token)
        ...
        assert github_api.requests[-1].path == "/repos/acme/shop/rules/branches/main"

At teardown the fixture fails the test if any request broke the description (see
:attr:`GitHubAPI.violations`), so a client that sends a wrong body, an unknown query
parameter or no ``Authorization`` header cannot pass by accident.

What it serves (operations copied to ``tests/data/github-openapi/api.github.com.json``):

==========  ===================================================  ==========================
method      path                                                 state
==========  ===================================================  ==========================
GET         /repos/{owner}/{repo}                                :meth:`add_repository`
GET         /repos/{owner}/{repo}/rules/branches/{branch}        :meth:`set_branch_rules`
GET         /repos/{owner}/{repo}/branches/{branch}/protection   :meth:`set_protection`
GET, POST   /repos/{owner}/{repo}/issues/{issue_number}/comments :meth:`add_comment`,
                                                                 :meth:`comments`
GET, PATCH, /repos/{owner}/{repo}/issues/comments/{comment_id}   (same comments)
DELETE
==========  ===================================================  ==========================

Checks made on every request (a failed check is appended to :attr:`violations`, and the
request is still answered the way GitHub would, usually 400/404/422):

- the method and path match an operation of the description (path parameters typed:
  ``issue_number`` must be an integer; ``branch`` may hold ``/``);
- every query parameter is one the operation declares, with the declared type;
- a JSON request body is valid against the operation's request body schema, and is sent
  with ``Content-Type: application/json``;
- ``Authorization`` is present (``Bearer <token>`` or ``token <token>``) and a
  ``User-Agent`` is sent (GitHub refuses requests without one);
- and, so that the fake cannot drift from GitHub, each answer's body is itself checked
  against the description's response schema for that status.

A wrong token is not a violation: the server answers ``401 Bad credentials`` like GitHub.
Faults are queued per route with :meth:`fail` (e.g. ``fail("GET /repos/{owner}/{repo}/
issues/{issue_number}/comments", 502, 503)``): each matching request pops one. A 403 or
429 fault may carry ``retry_after`` (seconds) for GitHub's secondary rate limits; a 3xx
fault a ``location`` (a redirect); any fault may ``stall`` (seconds of silence first); a
200 fault may be ``endless`` (a body that never ends).

For GitHub Enterprise Server the API lives under a prefix: ``GitHubAPI(prefix="/api/v3")``
serves ``http://127.0.0.1:PORT/api/v3/repos/...`` and :attr:`url` includes the prefix.
``GitHubAPI(tls=True)`` serves HTTPS with the test certificate (``tests/data/tls``; the
``trust_test_ca`` fixture makes clients trust it). :attr:`link_base` sets the root that
pagination links point at (another server, to test that the client does not follow).
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jsonschema

DESCRIPTION = Path(__file__).parent / "data" / "github-openapi" / "api.github.com.json"
DOCS = "https://docs.github.com/rest"
DEFAULT_TOKEN = "ghs_test0000000000000000000000000000000"


@dataclass
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str  # without the prefix and the query string
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: Any  # parsed JSON, raw text when it is not JSON, None when empty
    route: str | None  # "GET /repos/{owner}/{repo}", or None when nothing matched
    status: int = 0


@dataclass
class Fault:
    """An answer forced on the next request to a route."""

    status: int
    retry_after: int | None = None
    message: str | None = None
    location: str | None = None  # a redirect's target
    stall: float = 0.0  # seconds of silence before the answer
    endless: bool = False  # a 200 whose body never ends
    applied: bool = False  # the request is carried out, then answered with the fault


@dataclass
class _Operation:
    method: str
    template: str
    regex: re.Pattern[str]
    spec: dict[str, Any]

    @property
    def route(self) -> str:
        return f"{self.method} {self.template}"


@dataclass
class _Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0
    endless: bool = False


def _load_operations() -> list[_Operation]:
    description = json.loads(DESCRIPTION.read_text(encoding="utf-8"))
    operations = []
    for template, methods in description["paths"].items():
        params = {
            p["name"]: p
            for spec in methods.values() for p in spec.get("parameters", []) if p["in"] == "path"
        }

        def replace(match: re.Match[str], params: dict[str, Any] = params) -> str:
            name = match.group(1)
            multi = params.get(name, {}).get("x-multi-segment")
            return f"(?P<{name}>{'.+' if multi else '[^/]+'})"

        regex = re.compile("^" + re.sub(r"\{(\w+)\}", replace, template) + "$")
        for method, spec in methods.items():
            operations.append(_Operation(method.upper(), template, regex, spec))
    # Literal segments beat parameters: /issues/comments/{id} before /issues/{number}/...
    operations.sort(key=lambda op: op.template.count("{"))
    return operations


def openapi_to_jsonschema(schema: Any) -> Any:
    """OpenAPI 3.0 schemas say ``nullable: true`` where JSON Schema says ``null`` is a type."""
    if isinstance(schema, list):
        return [openapi_to_jsonschema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: openapi_to_jsonschema(sub) for name, sub in value.items()}
        elif key in ("nullable", "x-multi-segment", "x-github-breaking-changes"):
            continue
        else:
            out[key] = openapi_to_jsonschema(value)
    if schema.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        if "type" not in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def synthesize(schema: dict[str, Any], values: dict[str, Any] | None = None) -> Any:
    """A value valid against ``schema``: every required field filled with a placeholder,
    then ``values`` laid over the top (recursively for objects)."""
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            part_value = synthesize(part)
            if isinstance(part_value, dict):
                merged.update(part_value)
        return _overlay(merged, values)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return synthesize(schema[key][0], values)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = kind[0]
    if values is not None and kind != "object":
        return values
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object" or "properties" in schema:
        result = {}
        for name in schema.get("required", []):
            sub = schema.get("properties", {}).get(name, {})
            result[name] = None if sub.get("nullable") else synthesize(sub)
        return _overlay(result, values)
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return "2024-01-01T00:00:00Z"
        if fmt == "uri":
            return "https://api.github.com/"
        if fmt == "email":
            return "octocat@example.com"
        return "x"
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return 0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    return None


def _overlay(base: dict[str, Any], values: dict[str, Any] | None) -> dict[str, Any]:
    if not values:
        return base
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _overlay(base[key], value)
        else:
            base[key] = value
    return base


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class GitHubAPI:
    """The fake API. Start with :meth:`start` (the fixture does), stop with :meth:`close`.

    State is plain data, set by the methods below and read back by tests:

    - :attr:`requests`: every :class:`RecordedRequest`, in order;
    - :attr:`violations`: one line per request that broke the description (empty is good).
    """

    def __init__(self, token: str = DEFAULT_TOKEN, prefix: str = "", *, tls: bool = False
                 ) -> None:
        self.token = token
        self.prefix = prefix.rstrip("/")
        self.tls = tls
        #: Where pagination links point (default: this server's :attr:`url`).
        self.link_base: str | None = None
        self._closing = threading.Event()
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self._operations = _load_operations()
        self._repos: dict[str, dict[str, Any]] = {}
        self._rules: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._protection: dict[tuple[str, str], dict[str, Any]] = {}
        self._comments: dict[int, dict[str, Any]] = {}  # id -> {"repo", "issue", "data"}
        self._faults: dict[str, deque[Fault]] = {}
        self._ids = itertools.count(1001)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._validators: dict[int, jsonschema.protocols.Validator] = {}

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> GitHubAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                api._handle(self)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if self.tls:
            from tests.http_server import server_context

            self._server.socket = server_context().wrap_socket(self._server.socket,
                                                               server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> GitHubAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The API root, as ``GITHUB_API_URL`` would hold it (no trailing slash)."""
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host!s}:{port}{self.prefix}"

    def assert_clean(self) -> None:
        """Fail with every violation recorded so far."""
        assert not self.violations, "requests broke GitHub's REST description:\n" + "\n".join(
            self.violations
        )

    # -- state ---------------------------------------------------------------------

    def add_repository(self, full_name: str, *, default_branch: str = "main",
                       private: bool = False, **fields: Any) -> dict[str, Any]:
        """Make ``owner/repo`` exist. ``fields`` override any property of the answer."""
        owner, name = full_name.split("/")
        repo = {
            "id": next(self._ids), "name": name, "full_name": full_name,
            "owner": {"login": owner, "type": "Organization"},
            "private": private, "default_branch": default_branch,
            "html_url": f"https://github.com/{full_name}",
            "url": f"https://api.github.com/repos/{full_name}",
            **fields,
        }
        self._repos[full_name.lower()] = repo
        return repo

    def set_branch_rules(self, full_name: str, branch: str, rules: list[dict[str, Any]]) -> None:
        """The active ruleset rules for ``branch`` (``GET .../rules/branches/{branch}``).
        Each rule is ``{"type": ..., "parameters": {...}}``; the ruleset metadata fields are
        filled in when absent."""
        filled = []
        for position, rule in enumerate(rules):
            rule = {"ruleset_source_type": "Repository", "ruleset_source": full_name,
                    "ruleset_id": 100 + position, **rule}
            filled.append(rule)
        self._rules[(full_name.lower(), branch)] = filled

    def set_protection(self, full_name: str, branch: str, protection: dict[str, Any] | None
                       ) -> None:
        """Classic branch protection (``GET .../branches/{branch}/protection``), in the
        answer's own shape (``required_pull_request_reviews``, ``enforce_admins``, ...);
        ``None`` removes it (the API then answers 404 "Branch not protected")."""
        key = (full_name.lower(), branch)
        if protection is None:
            self._protection.pop(key, None)
        else:
            self._protection[key] = protection

    def add_comment(self, full_name: str, issue_number: int, body: str, *,
                    user: str = "github-actions[bot]", user_type: str = "Bot") -> dict[str, Any]:
        """A comment already on issue or pull request ``issue_number``; returns its JSON."""
        with self._lock:
            return self._new_comment(full_name, issue_number, body, user, user_type)

    def comments(self, full_name: str, issue_number: int) -> list[dict[str, Any]]:
        """The comments on an issue or pull request, oldest first (copies)."""
        return [
            copy.deepcopy(entry["data"]) for entry in self._comments.values()
            if entry["repo"] == full_name.lower() and entry["issue"] == issue_number
        ]

    def fail(self, route: str, *statuses: int, retry_after: int | None = None,
             message: str | None = None, location: str | None = None, stall: float = 0.0,
             endless: bool = False, applied: bool = False) -> None:
        """Queue forced answers for ``route`` (``"GET /repos/{owner}/{repo}"``, a path
        template of the description); each request to it pops one. ``applied``: the
        request is carried out before the forced answer is sent."""
        if not any(op.route == route for op in self._operations):
            raise ValueError(f"no operation {route!r} in the description")
        queue = self._faults.setdefault(route, deque())
        queue.extend(Fault(s, retry_after, message, location, stall, endless, applied)
                     for s in statuses)

    # -- serving -------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        split = urlsplit(handler.path)
        raw_path = split.path
        headers = {k.lower(): v for k, v in handler.headers.items()}
        length = int(headers.get("content-length") or 0)
        raw_body = handler.rfile.read(length) if length else b""
        body: Any = None
        body_error = None
        if raw_body:
            try:
                body = json.loads(raw_body)
            except ValueError:
                body = raw_body.decode("utf-8", "replace")
                body_error = "request body is not JSON"
        path = raw_path
        if self.prefix:  # GitHub Enterprise Server: everything lives under /api/v3
            inside = raw_path.startswith(self.prefix + "/")
            path = raw_path[len(self.prefix):] if inside else ""
        query = parse_qs(split.query, keep_blank_values=True)
        record = RecordedRequest(handler.command, path, query, headers, body, None)
        with self._lock:
            self.requests.append(record)
            try:
                answer = self._answer(record, body_error)
            except Exception as exc:  # a bug in the fake must fail the test, not hang it
                self._violation(record, f"the fake crashed: {type(exc).__name__}: {exc}")
                answer = _error(500, "Server Error")
            record.status = answer.status
        if answer.stall:  # outside the lock: other requests are still served
            self._closing.wait(answer.stall)
        # the client may give up first (a deadline or size cap under test)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(handler, answer)

    def _violation(self, record: RecordedRequest, message: str) -> None:
        self.violations.append(f"{record.method} {record.path}: {message}")

    def _answer(self, record: RecordedRequest, body_error: str | None) -> _Answer:
        match = None
        operation = None
        for candidate in self._operations:
            match = candidate.regex.match(record.path)
            if match and candidate.method == record.method:
                operation = candidate
                break
        if operation is None or match is None:
            self._violation(record, "no such operation in GitHub's REST description")
            return _error(404, "Not Found")
        record.route = operation.route
        params = {k: unquote(v) for k, v in match.groupdict().items()}
        problem = self._check_request(record, operation, params, body_error)
        if not _authorized(record.headers.get("authorization", ""), self.token):
            if "authorization" not in record.headers:
                self._violation(record, "no Authorization header")
            return _error(401, "Bad credentials")
        if problem is not None:
            return problem
        queue = self._faults.get(operation.route)
        if queue:
            fault = queue.popleft()
            if fault.applied:  # done, then a failure answered (a 502 from a proxy, say)
                self._dispatch(operation, params, record)
            return _fault(fault)
        answer = self._dispatch(operation, params, record)
        self._check_response(record, operation, answer)
        return answer

    def _check_request(self, record: RecordedRequest, operation: _Operation,
                       params: dict[str, str], body_error: str | None) -> _Answer | None:
        """Record every way the request breaks the description; return the answer GitHub
        would give when it cannot be served (404 for a bad path, 422 for a bad body)."""
        declared = {p["name"]: p for p in operation.spec.get("parameters", [])}
        for name, value in params.items():
            schema = declared[name]["schema"]
            if schema.get("type") == "integer" and not value.isdigit():
                self._violation(record, f"path parameter {name}={value!r} is not an integer")
                return _error(404, "Not Found")
        for name, values in record.query.items():
            parameter = declared.get(name)
            if parameter is None or parameter["in"] != "query":
                self._violation(record, f"query parameter {name!r} is not declared")
                continue
            if parameter["schema"].get("type") == "integer" and not all(
                v.isdigit() for v in values
            ):
                self._violation(record, f"query parameter {name}={values} is not an integer")
        if "user-agent" not in record.headers:
            self._violation(record, "no User-Agent header (GitHub refuses such requests)")
        request_body = operation.spec.get("requestBody")
        if request_body is None:
            if record.body is not None:
                self._violation(record, "this operation takes no request body")
            return None
        if body_error:
            self._violation(record, body_error)
            return _error(400, "Problems parsing JSON")
        if record.body is None:
            if request_body.get("required"):
                self._violation(record, "request body is required")
                return _error(422, "Invalid request.")
            return None
        if "json" not in record.headers.get("content-type", ""):
            self._violation(record, "request body sent without Content-Type: application/json")
        schema = openapi_to_jsonschema(request_body["content"]["application/json"]["schema"])
        errors = list(jsonschema.Draft4Validator(schema).iter_errors(record.body))
        for error in errors:
            self._violation(record, f"request body: {error.message}")
        return _error(422, "Invalid request.") if errors else None

    def _check_response(self, record: RecordedRequest, operation: _Operation,
                        answer: _Answer) -> None:
        response = operation.spec["responses"].get(str(answer.status))
        if response is None:
            # GitHub answers 404 for a missing repository on every route, listed or not;
            # any other unlisted answer means the fake drifted from the description.
            if answer.status != 404:
                self._violation(record, f"the fake answered {answer.status}, which the "
                                        "description does not list for this operation")
            return
        content = response.get("content", {}).get("application/json")
        if content is None or answer.body is None:
            return
        schema = openapi_to_jsonschema(content["schema"])
        for error in jsonschema.Draft4Validator(schema).iter_errors(answer.body):
            path = "/".join(map(str, error.absolute_path))
            self._violation(record, f"the fake's answer broke the schema at {path}: "
                                    f"{error.message}")

    def _dispatch(self, operation: _Operation, params: dict[str, str],
                  record: RecordedRequest) -> _Answer:
        template = operation.template
        full_name = f"{params.get('owner', '')}/{params.get('repo', '')}".lower()
        repo = self._repos.get(full_name)
        if repo is None:
            return _error(404, "Not Found", "repos/repos#get-a-repository")
        if template == "/repos/{owner}/{repo}":
            schema = operation.spec["responses"]["200"]["content"]["application/json"]["schema"]
            return _Answer(200, synthesize(schema, copy.deepcopy(repo)))
        if template.endswith("/rules/branches/{branch}"):
            rules = self._rules.get((full_name, params["branch"]), [])
            return self._page(record, rules, status=200)
        if template.endswith("/branches/{branch}/protection"):
            protection = self._protection.get((full_name, params["branch"]))
            if protection is None:
                return _error(404, "Branch not protected",
                              "branches/branch-protection#get-branch-protection")
            base = f"https://api.github.com/repos/{repo['full_name']}/branches/{params['branch']}"
            return _Answer(200, {"url": f"{base}/protection", **copy.deepcopy(protection)})
        if template.endswith("/issues/{issue_number}/comments"):
            issue = int(params["issue_number"])
            if record.method == "POST":
                comment = self._new_comment(repo["full_name"], issue, record.body["body"],
                                            "github-actions[bot]", "Bot")
                return _Answer(201, comment, {"Location": comment["url"]})
            items = self.comments(repo["full_name"], issue)
            since = record.query.get("since", [None])[0]
            if since:
                items = [c for c in items if c["updated_at"] >= since]
            return self._page(record, items, status=200)
        if template.endswith("/issues/comments/{comment_id}"):
            entry = self._comments.get(int(params["comment_id"]))
            if entry is None or entry["repo"] != full_name:
                return _error(404, "Not Found", "issues/comments#get-an-issue-comment")
            if record.method == "DELETE":
                del self._comments[int(params["comment_id"])]
                return _Answer(204)
            if record.method == "PATCH":
                entry["data"]["body"] = record.body["body"]
                entry["data"]["updated_at"] = _now()
            return _Answer(200, copy.deepcopy(entry["data"]))
        raise AssertionError(f"no handler for {operation.route}")  # pragma: no cover

    def _page(self, record: RecordedRequest, items: list[Any], status: int) -> _Answer:
        """GitHub's pagination: ``per_page`` (default 30, at most 100) and ``page``, with
        a ``Link`` header naming the first, prev, next and last pages."""
        per_page = min(_int(record.query.get("per_page", [""])[0], 30), 100) or 30
        page = max(_int(record.query.get("page", [""])[0], 1), 1)
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page: page * per_page]
        headers = {}
        if last > 1:
            base = f"{self.link_base or self.url}{record.path}"
            others = {k: v for k, v in record.query.items() if k not in ("page", "per_page")}
            extra = "".join(f"&{k}={v[0]}" for k, v in others.items())

            def link(number: int, rel: str) -> str:
                return f'<{base}?per_page={per_page}&page={number}{extra}>; rel="{rel}"'

            links = []
            if page > 1:
                links += [link(page - 1, "prev"), link(1, "first")]
            if page < last:
                links += [link(page + 1, "next"), link(last, "last")]
            headers["Link"] = ", ".join(links)
        return _Answer(status, chunk, headers)

    def _new_comment(self, full_name: str, issue: int, body: str, user: str, user_type: str
                     ) -> dict[str, Any]:
        comment_id = next(self._ids)
        now = _now()
        api = f"https://api.github.com/repos/{full_name}"
        data = {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "url": f"{api}/issues/comments/{comment_id}",
            "html_url": f"https://github.com/{full_name}/pull/{issue}#issuecomment-{comment_id}",
            "issue_url": f"{api}/issues/{issue}",
            "body": body,
            "user": synthesize(_SIMPLE_USER, {"login": user, "type": user_type}),
            "created_at": now,
            "updated_at": now,
            "author_association": "NONE",
        }
        self._comments[comment_id] = {"repo": full_name.lower(), "issue": issue, "data": data}
        return copy.deepcopy(data)

    def _send(self, handler: BaseHTTPRequestHandler, answer: _Answer) -> None:
        if answer.endless:
            self._send_endless(handler)
            return
        payload = b"" if answer.body is None else json.dumps(answer.body).encode("utf-8")
        handler.send_response(answer.status)
        if payload:
            handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("X-GitHub-Media-Type", "github.v3; format=json")
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if payload:
            handler.wfile.write(payload)


    def _send_endless(self, handler: BaseHTTPRequestHandler) -> None:
        """A JSON list that never ends (until the client hangs up, or 1 GiB)."""
        handler.close_connection = True
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(b"[")
        piece = b"0," * 32768
        for _ in range(2**30 // len(piece)):
            if self._closing.is_set():
                return
            handler.wfile.write(piece)


def _simple_user_schema() -> dict[str, Any]:
    description = json.loads(DESCRIPTION.read_text(encoding="utf-8"))
    operation = description["paths"]["/repos/{owner}/{repo}/issues/comments/{comment_id}"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return schema["properties"]["user"]


_SIMPLE_USER = _simple_user_schema()


def _int(text: str, default: int) -> int:
    return int(text) if text.isdigit() else default


def _authorized(header: str, token: str) -> bool:
    scheme, _, value = header.partition(" ")
    return scheme.lower() in ("bearer", "token") and value.strip() == token


def _error(status: int, message: str, docs: str = "") -> _Answer:
    body = {"message": message, "documentation_url": f"{DOCS}/{docs}" if docs else DOCS,
            "status": str(status)}
    return _Answer(status, body)


def _fault(fault: Fault) -> _Answer:
    headers = {}
    if fault.retry_after is not None:
        headers["retry-after"] = str(fault.retry_after)
    if fault.location is not None or fault.endless:
        # a redirect (GitHub sends 301 for a renamed repository) or a stream: no body
        headers.update({"Location": fault.location} if fault.location else {})
        return _Answer(fault.status, None, headers, fault.stall, fault.endless)
    messages = {
        401: "Bad credentials",
        403: ("You have exceeded a secondary rate limit. Please wait a few minutes before "
              "you try again." if fault.retry_after is not None
              else "Resource not accessible by integration"),
        404: "Not Found",
        429: "You have exceeded a secondary rate limit.",
        500: "Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
    }
    message = fault.message or messages.get(fault.status, "Error")
    if fault.status in (502, 503) and fault.message is None:
        # GitHub's front end answers these with an HTML page, not JSON.
        return _Answer(fault.status, None, headers, fault.stall)
    answer = _error(fault.status, message)
    answer.headers.update(headers)
    answer.stall = fault.stall
    return answer
