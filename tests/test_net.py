"""The one HTTP layer (``catalog_lint.net``), through the catalog fetcher
(``validate --allow-url --catalog URL``) and Location targets: a deadline for the whole
download, malformed answers as one-line errors, and every redirect checked before a
connection is made. Real servers on 127.0.0.1, some hostile on purpose."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from catalog_lint import net
from tests.cli_helpers import Outcome, modules_loaded, run_cli, write
from tests.http_server import Listener, StaticServer

EXPORT = '{"format": "catalog-lint-catalog", "version": 1, "source": "platform", "entities": []}'


def load(tmp_path: Path, url: str, *args: str) -> Outcome:
    return run_cli(["validate", "--allow-url", "--catalog", url, *args], tmp_path)


def assert_one_line_error(outcome: Outcome, text: str) -> None:
    assert outcome.exit_code == 2, outcome.stdout + outcome.stderr
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert "internal error" not in outcome.stderr
    assert text in outcome.stderr, outcome.stderr


@pytest.mark.parametrize("drip", [{"header_drip": 0.1}, {"byte_drip": 0.05}],
                         ids=["a header line at a time", "a byte at a time in a header line"])
def test_catalog_timeout_is_a_deadline_for_the_whole_download(
        tmp_path: Path, static_server: StaticServer, drip: dict[str, float]) -> None:
    # Each piece arrives well within any per-read timeout; the whole never does.
    url = static_server.serve("/catalog.json", EXPORT, **drip)
    started = time.monotonic()

    outcome = load(tmp_path, url, "--catalog-timeout", "0.5")

    assert time.monotonic() - started < 5  # before: 100 headers later, or never
    assert_one_line_error(outcome, f"{url}: cannot load catalog: no complete answer within 0.5 "
                                   "seconds (--catalog-timeout)")


def test_too_many_headers_is_a_one_line_error(tmp_path: Path, static_server: StaticServer
                                              ) -> None:
    headers = tuple((f"X-Header-{n}", "x") for n in range(150))
    url = static_server.serve("/catalog.json", EXPORT, headers=headers)
    assert_one_line_error(load(tmp_path, url), f"{url}: cannot load catalog: the answer has "
                                               "more than 100 header lines")


def test_an_overlong_header_line_is_a_one_line_error(tmp_path: Path,
                                                     static_server: StaticServer) -> None:
    url = static_server.serve("/catalog.json", EXPORT, headers=(("X-Long", "a" * 70000),))
    assert_one_line_error(load(tmp_path, url), "a line of the answer is longer than 65,536 "
                                               "bytes")


def test_a_redirect_to_ftp_is_refused_before_connecting(
        tmp_path: Path, static_server: StaticServer, listener: Listener) -> None:
    target = f"ftp://127.0.0.1:{listener.port}/catalog.json"
    url = static_server.redirect("/catalog.json", target)

    outcome = load(tmp_path, url, "--catalog-timeout", "1")

    assert listener.connections() == 0  # before: the FTP "server" was sent USER anonymous
    assert_one_line_error(outcome, f"{url}: cannot load catalog: redirected to "
                                   f"ftp://127.0.0.1:{listener.port}: ftp://: only http:// and "
                                   "https:// are fetched; not followed")


def test_a_redirect_from_https_to_http_is_refused(
        tmp_path: Path, tls_server: StaticServer, static_server: StaticServer) -> None:
    plain = static_server.serve("/catalog.json", EXPORT)
    url = tls_server.redirect("/catalog.json", plain)

    outcome = load(tmp_path, url)

    assert static_server.requests == []
    assert_one_line_error(outcome, f"redirected from {tls_server.url} to {static_server.url}, "
                                   "from https to plain http; not followed")


def test_redirects_within_http_and_https_are_followed(
        tmp_path: Path, tls_server: StaticServer, static_server: StaticServer) -> None:
    final = tls_server.serve("/final.json", EXPORT)
    hop = tls_server.redirect("/hop.json", "/final.json", 308)
    url = static_server.redirect("/catalog.json", hop, 301)  # http to https: an upgrade

    outcome = load(tmp_path, url)

    assert outcome.exit_code == 0, outcome.stderr
    assert tls_server.requests == ["/hop.json", "/final.json"]
    assert final.endswith("/final.json")


def test_a_redirect_with_credentials_is_refused(tmp_path: Path, static_server: StaticServer
                                               ) -> None:
    url = static_server.redirect("/c.json", static_server.url.replace("//", "//me:pw@") + "/x")
    assert_one_line_error(load(tmp_path, url), f"redirected to {static_server.url}: a URL with "
                                               "a user name or password is not fetched")
    assert static_server.requests == ["/c.json"]


def test_a_redirect_loop_stops(tmp_path: Path, static_server: StaticServer) -> None:
    url = static_server.redirect("/a.json", "/b.json")
    static_server.redirect("/b.json", "/a.json")
    assert_one_line_error(load(tmp_path, url), "more than 5 redirects; not followed")
    assert len(static_server.requests) == 6


def test_an_untrusted_certificate_is_refused(tmp_path: Path) -> None:
    server = StaticServer(tls=True)  # the test authority is not trusted here
    try:
        url = server.serve("/catalog.json", EXPORT)
        assert_one_line_error(load(tmp_path, url), "CERTIFICATE_VERIFY_FAILED")
    finally:
        server.close()


def test_a_location_target_that_drips_is_a_finding_at_the_deadline(
        tmp_path: Path, static_server: StaticServer) -> None:
    url = static_server.serve("/team.yaml", "kind: Group\n", header_drip=0.1)
    write(tmp_path, {"catalog-info.yaml": (
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: remote\n"
        f"spec:\n  targets:\n    - {url}\n")})
    started = time.monotonic()

    outcome = run_cli(["validate", "--format", "json", "--allow-url", "--follow-urls",
                       "--catalog-timeout", "0.5"], tmp_path)

    assert time.monotonic() - started < 5
    (found,) = [f for f in outcome.json()["findings"] if f["rule"] == "location-target"]
    assert found["message"] == (f"target {url!r} not read: {url}: cannot load file: no "
                                "complete answer within 0.5 seconds (--catalog-timeout)")


def test_the_size_cap_reads_at_most_one_byte_more(static_server: StaticServer) -> None:
    url = static_server.serve("/endless", "", endless=True)
    with pytest.raises(net.TooLarge, match="more than 1,000 bytes, over the limit of 1,000"):
        net.request("GET", url, deadline=net.Deadline(5), max_bytes=1000)
    exact = static_server.serve("/exact", b"x" * 1000, announce=False)
    answer = net.request("GET", exact, deadline=net.Deadline(5), max_bytes=1000)
    assert (answer.status, len(answer.body)) == (200, 1000)


def test_a_pinned_origin_refuses_other_ports_before_connecting(
        static_server: StaticServer, listener: Listener) -> None:
    url = static_server.redirect("/x", f"http://127.0.0.1:{listener.port}/x", 307)
    with pytest.raises(net.Refused, match=f"redirected to http://127.0.0.1:{listener.port}, "
                                          "another origin"):
        net.request("GET", url, deadline=net.Deadline(5), max_bytes=1000,
                    pinned=net.Origin.of(static_server.url))
    assert listener.connections() == 0


@pytest.mark.parametrize(("url", "origin", "loopback"), [
    ("https://api.github.com/x", "https://api.github.com", False),
    ("HTTPS://API.GITHUB.COM:443/", "https://api.github.com", False),
    ("http://127.0.0.1:8080/api/v3", "http://127.0.0.1:8080", True),
    ("http://[::1]:9/", "http://[::1]:9", True),
    ("http://localhost/", "http://localhost", True),
    ("https://ghe.example.com:8443/api/v3", "https://ghe.example.com:8443", False),
])
def test_origins(url: str, origin: str, loopback: bool) -> None:
    assert str(net.Origin.of(url)) == origin
    assert net.Origin.of(url).loopback is loopback


@pytest.mark.parametrize("url", ["ftp://example.com/", "file:///etc/passwd", "example.com",
                                 "http://", "http://host:99999/"])
def test_what_is_not_an_origin(url: str) -> None:
    with pytest.raises(net.Refused):
        net.Origin.of(url)


def test_a_run_that_downloads_nothing_never_imports_the_http_layer(tmp_path: Path) -> None:
    """The pre-commit case: http.client and ssl cost 15 ms of a 100 ms run."""
    (tmp_path / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: all}\n"
        "spec: {targets: [./other.yaml]}\n", encoding="utf-8")
    assert modules_loaded(tmp_path, ["validate", "catalog-info.yaml"],
                          ("catalog_lint.net", "http.client", "ssl")) == []


def test_a_run_that_fetches_nothing_does_not_load_the_transport(tmp_path: Path) -> None:
    """``http.client`` and ``ssl`` (20 ms of imports) come with the first request: a
    whole-repository run in git without a token makes none. With a Location's URL
    target to follow, the same run loads them."""
    from tests.gitrepo import GitRepo

    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("first", {"catalog-info.yaml": (
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: more\n"
        "spec:\n  targets: [http://127.0.0.1:9/nothing.yaml]\n")})
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "GH_TOKEN")}
    transport = ("catalog_lint.net_transport", "http.client", "ssl")
    assert modules_loaded(repo.path, ["validate", "--format", "json"], transport, env) == []
    assert modules_loaded(repo.path, ["validate", "--format", "json", "--follow-urls",
                                      "--allow-url", "--catalog-timeout", "1"],
                          transport, env) == list(transport)
