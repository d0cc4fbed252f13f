"""Where the GitHub token may go, and how long one command may spend on the GitHub API.

The threat: a pull request controls every file of the repository, the configuration
included, while the job that checks it holds a token. So the token goes only to the API
origin (scheme, host and port) that the *environment* names:

1. ``--github-api-url URL`` on the command line (the workflow's author wrote it), else
2. ``GITHUB_API_URL`` (GitHub Actions sets it; ``https://HOST/api/v3`` on GitHub
   Enterprise Server), else
3. ``https://api.github.com``.

A repository's ``ownership.github.api-url`` is used only when it lies on that same
origin; otherwise it is ignored and reported (rule ``github-api-url``), and the token is
not sent there. The origin must be https; plain http only on this machine (127.0.0.0/8,
``::1``, ``localhost``), for tests and local fakes.

All the API calls of one command share one :class:`TimeBudget`: :data:`API_DEADLINE`
seconds in all (``CATALOG_LINT_API_DEADLINE`` changes it), retries and waits included.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from catalog_lint import net
from catalog_lint.errors import FatalError
from catalog_lint.github.options import ACCESS_KEY, FLAG_KEY
from catalog_lint.net import TimeBudget

DEFAULT_API_URL = "https://api.github.com"
#: Seconds all the GitHub API calls of one command may take together.
API_DEADLINE = 60.0
DEADLINE_VARIABLE = "CATALOG_LINT_API_DEADLINE"
FLAG = "--github-api-url"


class GitHubError(FatalError):
    """A request GitHub refused or that could not be made; the message is safe to show."""

    def __init__(self, message: str, status: int | None = None, *,
                 maybe_done: bool = False) -> None:
        super().__init__(message)
        self.status = status
        #: A write that may have been carried out although it failed: the caller looks
        #: before it writes again (never blindly re-sent, which could do it twice).
        self.maybe_done = maybe_done


def api_root(url: str, named_by: str) -> str:
    """``url`` without a trailing slash, when the token may be sent there: https (http on
    a loopback address only), no user name or password, no query or fragment."""
    try:
        origin = net.Origin.of(url)
    except net.Refused as exc:
        raise GitHubError(f"{named_by} {url!r}: {exc}") from None
    parts = urllib.parse.urlsplit(url)
    if origin.scheme != "https" and not origin.loopback:
        raise GitHubError(f"{named_by} {url!r}: the token is sent over https only (plain "
                          "http only to 127.0.0.1, ::1 or localhost)")
    if "@" in parts.netloc or parts.query or parts.fragment:
        raise GitHubError(f"{named_by} {url!r}: an API root has no user name, password, "
                          "query or fragment")
    return url.rstrip("/")


@dataclass(frozen=True)
class ApiChoice:
    """The API root to ask, or why none is asked; ``warning``: a refused config value."""

    url: str | None
    reason: str = ""
    warning: str | None = None


@dataclass
class ApiAccess:
    """The GitHub API a command may use: the one origin the token may reach, who named
    it, and the command's time budget."""

    api_url: str
    named_by: str  # "--github-api-url", "GITHUB_API_URL" or "the default"
    budget: TimeBudget = field(default_factory=lambda: TimeBudget(API_DEADLINE))
    problem: str | None = None  # a bad GITHUB_API_URL or deadline, reported on first use

    @property
    def explicit(self) -> bool:
        """Whether the command line or the environment named the API (not the default)."""
        return self.named_by != "the default"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], flag: str | None = None
                         ) -> ApiAccess:
        seconds, problem = net.seconds_from(environ, DEADLINE_VARIABLE, API_DEADLINE)
        env_url = environ.get("GITHUB_API_URL", "").strip()
        if flag:
            url, named_by = flag, FLAG
        elif env_url:
            url, named_by = env_url, "GITHUB_API_URL"
        else:
            url, named_by = DEFAULT_API_URL, "the default"
        try:
            url = api_root(url, named_by)
        except GitHubError as exc:
            problem = problem or exc.message
        return cls(url, named_by, TimeBudget(seconds), problem)

    def root(self) -> str:
        """The trusted API root; :class:`GitHubError` when the environment is wrong."""
        if self.problem:
            raise GitHubError(self.problem)
        return self.api_url

    @property
    def origin(self) -> net.Origin:
        return net.Origin.of(self.api_url)

    def choose(self, configured: str | None, *, remote_host: str | None = None) -> ApiChoice:
        """The API root for the facts, given the config's ``api-url`` (untrusted: a pull
        request can change it) and, when the repository was named by the ``origin``
        remote, that remote's host."""
        trusted = self.root()
        if configured:
            accepted = _on_origin(configured, self.origin)
            if accepted is not None:
                return ApiChoice(accepted)
            warning = (
                f"ownership.github.api-url {configured!r} is not on the GitHub API origin "
                f"{self.origin} ({self._named()}): ignored, and the token is not sent there "
                "(a pull request can change this file). To use that API, set GITHUB_API_URL "
                f"or pass {FLAG}")
            if self.explicit:
                return ApiChoice(trusted, warning=warning)
            return ApiChoice(None, "GitHub API not asked: ownership.github.api-url names "
                             "another origin than the environment (see the github-api-url "
                             "finding)", warning)
        if remote_host and not self.explicit and remote_host.lower() != "github.com":
            return ApiChoice(None, f"GitHub API not asked: the origin remote is on "
                             f"{remote_host}, and no API was named for it (set GITHUB_API_URL, "
                             f"e.g. https://{remote_host}/api/v3, or pass {FLAG})")
        return ApiChoice(trusted)

    def _named(self) -> str:
        if self.named_by == "the default":
            return "the default; GITHUB_API_URL is not set"
        return f"named by {self.named_by}"


def _on_origin(url: str, origin: net.Origin) -> str | None:
    """``url`` as an API root when it is a valid one on ``origin``, else ``None``."""
    try:
        root = api_root(url, "ownership.github.api-url")
    except GitHubError:
        return None
    return root if net.Origin.of(root) == origin else None


def access_for(extra: dict[str, object], environ: Mapping[str, str]) -> ApiAccess:
    """The command's :class:`ApiAccess`, kept in ``RunOptions.extra`` so that every run of
    one command (the base and the head of ``diff``) shares its budget."""
    access = extra.get(ACCESS_KEY)
    if not isinstance(access, ApiAccess):
        flag = extra.get(FLAG_KEY)
        access = ApiAccess.from_environment(environ, flag if isinstance(flag, str) else None)
        extra[ACCESS_KEY] = access
    return access
