"""Blueprint sets from git: fetched once, cached by commit, pinned in catalog-lint.lock,
used offline, checked against their hash; moved refs and edited locks are explained; and
the URL, the ref and git itself are held on a short leash."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.blueprint_sets.helpers import SERVICE, platform_repo
from tests.cli_helpers import Outcome, run_cli, write
from tests.gitrepo import GitRepo

ENTITY = ("identifier: cart\nblueprint: service\nproperties: {language: Rust}\n"
          "relations: {owner: team-cart}\n")


def consumer(tmp_path: Path, url: str, ref: str = "v1.4.0", extra: str = "") -> Path:
    root = tmp_path / "consumer"
    write(root, {".catalog-lint.yaml": f"blueprints:\n  - git: {url}\n    ref: {ref}\n"
                                       f"    path: blueprints\n{extra}",
                 "port.yaml": ENTITY,
                 # the owner, read to resolve the reference (a run over port.yaml judges it)
                 ".port/org.yaml": "identifier: team-cart\nblueprint: group\n"})
    return root


def validate(root: Path) -> Outcome:
    return run_cli(["validate", "port.yaml"], root)


def lock(root: Path, *args: str) -> Outcome:
    return run_cli(["blueprints", "lock", *args], root)


@pytest.fixture
def platform(tmp_path: Path) -> GitRepo:
    return platform_repo(tmp_path / "platform")


def test_lock_then_run_offline_with_the_same_bytes(platform: GitRepo, tmp_path: Path) -> None:
    root = consumer(tmp_path, platform.path.as_uri())
    first = validate(root)
    assert first.exit_code == 2
    assert first.stderr == (
        f"catalog-lint: error: .catalog-lint.yaml:2: the blueprint set "
        f"{platform.path.as_uri()}@v1.4.0 (blueprints) is not in catalog-lint.lock; run "
        "'catalog-lint blueprints lock' to fetch it and record its commit\n")

    locked = lock(root)
    assert locked.exit_code == 0, locked.stderr
    commit = platform.git("rev-parse", "v1.4.0^{commit}")
    assert locked.stdout.startswith(f"locked {platform.path.as_uri()}@v1.4.0 (blueprints) at "
                                    f"{commit[:12]} (sha256:")
    entry = json.loads((root / "catalog-lint.lock").read_text())["blueprints"][0]
    assert entry["commit"] == commit and entry["hash"].startswith("sha256:")
    assert (entry["name"], entry["version"]) == ("acme-blueprints", "1.4.0")

    assert validate(root).exit_code == 0  # Rust is allowed by v1.4.0
    shutil.rmtree(platform.path)  # no network, no repository: the cache has the commit
    again = validate(root)
    assert again.exit_code == 0, again.stderr
    listed = run_cli(["blueprints", "list"], root).stdout
    assert f"git {platform.path.as_uri()}@v1.4.0 (blueprints) ({commit[:12]})" in listed


def test_a_moved_tag_is_detected_and_explained(platform: GitRepo, tmp_path: Path) -> None:
    root = consumer(tmp_path, platform.path.as_uri())
    assert lock(root).exit_code == 0
    old = platform.git("rev-parse", "v1.4.0^{commit}")
    platform.commit("drop Rust", {"blueprints/port/service.yaml":
                                  SERVICE.replace("Go, Python, Rust", "Go, Python")})
    platform.git("tag", "-f", "-a", "v1.4.0", "-m", "moved")
    new = platform.head()

    # runs keep the locked bytes: the move changes nothing until someone accepts it
    assert validate(root).exit_code == 0
    checked = lock(root, "--check")
    assert checked.exit_code == 1
    assert checked.stdout == (
        f"moved {platform.path.as_uri()}@v1.4.0 (blueprints): the tag now names {new[:12]}, "
        f"the lock keeps {old[:12]}; review what changed between them, then run: "
        f"catalog-lint blueprints lock --update {platform.path.as_uri()}\n")
    assert "catalog-lint.lock is not up to date" in checked.stderr

    updated = lock(root, "--update")
    assert updated.stdout == (f"updated {platform.path.as_uri()}@v1.4.0 (blueprints): "
                              f"{old[:12]} -> {new[:12]}\n")
    assert lock(root, "--check").exit_code == 0
    after = run_cli(["validate", "--format", "json", "port.yaml"], root)
    assert after.exit_code == 1
    assert [f["rule"] for f in after.json()["findings"]] == ["blueprint-schema"]


def test_a_branch_ref_is_locked_and_followed_only_on_update(platform: GitRepo,
                                                             tmp_path: Path) -> None:
    root = consumer(tmp_path, platform.path.as_uri(), ref="main")
    assert lock(root).exit_code == 0
    platform.commit("more", {"blueprints/port/queue.json": '{"identifier": "queue"}'})
    assert "the branch now names" in lock(root, "--check").stdout
    assert lock(root, "--update").exit_code == 0
    assert "queue" in run_cli(["blueprints", "list"], root).stdout


def test_a_commit_ref_needs_no_remote_lookup(platform: GitRepo, tmp_path: Path) -> None:
    commit = platform.head()
    root = consumer(tmp_path, platform.path.as_uri(), ref=commit)
    assert lock(root).exit_code == 0
    assert lock(root).stdout == f"kept {platform.path.as_uri()}@{commit} (blueprints) at " \
                                f"{commit[:12]}\n"


def test_the_cache_is_checked_against_the_lock(platform: GitRepo, tmp_path: Path) -> None:
    root = consumer(tmp_path, platform.path.as_uri())
    assert lock(root).exit_code == 0
    extracted = next((tmp_path / "cache" / "blueprint-sets").glob("*/blueprints"))
    (extracted / "port" / "service.yaml").write_text("identifier: service\n")  # tampered
    assert validate(root).exit_code == 0  # extracted again from git objects, then verified
    assert "Rust" in (extracted / "port" / "service.yaml").read_text()

    data = json.loads((root / "catalog-lint.lock").read_text())
    data["blueprints"][0]["hash"] = "sha256:" + "0" * 64
    (root / "catalog-lint.lock").write_text(json.dumps(data))
    edited = validate(root)
    assert edited.exit_code == 2
    assert "but the lock file records sha256:0000" in edited.stderr
    assert "catalog-lint blueprints lock --update" in edited.stderr


def test_a_lock_entry_no_longer_configured_is_dropped(platform: GitRepo, tmp_path: Path) -> None:
    root = consumer(tmp_path, platform.path.as_uri())
    assert lock(root).exit_code == 0
    (root / ".catalog-lint.yaml").write_text("blueprints: []\n")
    assert lock(root, "--check").exit_code == 1
    assert lock(root).stdout == f"removed {platform.path.as_uri()}@v1.4.0 (no longer configured)\n"
    assert json.loads((root / "catalog-lint.lock").read_text())["blueprints"] == []


def test_an_unknown_ref_and_a_missing_folder(platform: GitRepo, tmp_path: Path) -> None:
    root = consumer(tmp_path, platform.path.as_uri(), ref="v9")
    outcome = lock(root)
    assert outcome.exit_code == 2
    assert outcome.stderr == (f"catalog-lint: error: {platform.path.as_uri()}: no tag or branch "
                              "named 'v9'\n")
    (root / ".catalog-lint.yaml").write_text(
        f"blueprints:\n  - git: {platform.path.as_uri()}\n    ref: v1.4.0\n    path: nope\n")
    missing = lock(root)
    assert missing.exit_code == 2 and "has no folder 'nope'" in missing.stderr


@pytest.mark.parametrize(("url", "ref", "path", "message"), [
    ("ext::sh -c touch% /tmp/pwned", "v1", "", "not a repository URL"),
    ("-uhack", "v1", "", "not a repository URL"),
    ("http://example.com/x.git", "v1", "", "only https://, ssh://, user@host:path and file://"),
    ("git://example.com/x.git", "v1", "", "only https://, ssh://, user@host:path and file://"),
    ("/tmp/plain/path", "v1", "", "only https://, ssh://, user@host:path and file://"),
    ("https://example.com/x.git", "--upload-pack=evil", "", "not a tag, branch or commit name"),
    ("https://example.com/x.git", "v1..v2", "", "not a tag, branch or commit name"),
    ("https://example.com/x.git", "v1", "../../etc", "must be a folder inside the repository"),
    ("https://example.com/x.git", "v1", "/etc", "must be a folder inside the repository"),
])
def test_untrusted_urls_refs_and_paths_are_refused(tmp_path: Path, url: str, ref: str,
                                                   path: str, message: str) -> None:
    write(tmp_path, {".catalog-lint.yaml": "blueprints:\n  - " + json.dumps(
        {"git": url, "ref": ref, "path": path}) + "\n", "port.yaml": ENTITY})
    for outcome in (lock(tmp_path), validate(tmp_path)):
        assert outcome.exit_code == 2
        assert message in outcome.stderr and outcome.stderr.count("\n") == 1
        assert not (tmp_path / "cache" / "git").exists()  # git was never run on it


def test_credentials_in_a_url_are_never_shown(tmp_path: Path) -> None:
    secret = "ghp_s3cr3tT0ken"
    url = f"https://user:{secret}@127.0.0.1:9/acme/blueprints.git"
    root = consumer(tmp_path, url)
    for outcome in (lock(root), validate(root)):
        assert outcome.exit_code == 2
        assert secret not in outcome.stdout + outcome.stderr
        assert "https://***@127.0.0.1:9/acme/blueprints.git" in outcome.stderr


def test_git_hooks_never_run(platform: GitRepo, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the hooks of a user's global core.hooksPath either (reference-transaction
    runs on every ref update of a fetch)."""
    hooks = tmp_path / "hooks"
    marker = tmp_path / "hook-ran"
    hooks.mkdir()
    for name in ("reference-transaction", "post-checkout", "post-merge"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
        hook.chmod(0o755)
    global_config = tmp_path / "gitconfig"
    global_config.write_text(f"[core]\n\thooksPath = {hooks}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(global_config))
    root = consumer(tmp_path, platform.path.as_uri())
    assert lock(root).exit_code == 0
    assert not marker.exists()


def test_a_git_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = tmp_path / "slow-ssh"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(slow))
    monkeypatch.setenv("CATALOG_LINT_GIT_TIMEOUT", "0.2")
    root = consumer(tmp_path, "ssh://git@example.invalid/acme/blueprints.git")
    outcome = lock(root)
    assert outcome.exit_code == 2
    assert outcome.stderr == ("catalog-lint: error: ssh://git@example.invalid/acme/"
                              "blueprints.git: git did not finish within 0.2 seconds "
                              "(CATALOG_LINT_GIT_TIMEOUT)\n")


def test_the_cache_folder_follows_the_environment(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from catalog_lint.blueprint_sets.cache import cache_dir

    monkeypatch.setenv("CATALOG_LINT_CACHE", str(tmp_path / "a"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "a"
    monkeypatch.delenv("CATALOG_LINT_CACHE")
    assert cache_dir() == tmp_path / "xdg" / "catalog-lint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "catalog-lint"


def test_a_bad_lock_file_is_one_clear_line(platform: GitRepo, tmp_path: Path) -> None:
    root = consumer(tmp_path, platform.path.as_uri())
    (root / "catalog-lint.lock").write_text('{"format": "catalog-lint-lock", "version": 1,\n')
    outcome = validate(root)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(
        f"catalog-lint: error: {root / 'catalog-lint.lock'}:2:1: invalid JSON in the lock file")


def test_symbolic_links_in_a_set_are_not_extracted(tmp_path: Path) -> None:
    repo = platform_repo(tmp_path / "platform")
    os.symlink("/etc/passwd", repo.path / "blueprints" / "passwd.yaml")
    repo.commit("a link")
    repo.git("tag", "-f", "-a", "v1.4.0", "-m", "with a link")
    root = consumer(tmp_path, repo.path.as_uri())
    assert lock(root).exit_code == 0
    extracted = next((tmp_path / "cache" / "blueprint-sets").glob("*/blueprints"))
    assert not (extracted / "passwd.yaml").exists()
    assert validate(root).exit_code == 0


def test_redaction_keeps_what_is_not_secret() -> None:
    from catalog_lint.blueprint_sets.gitfetch import redact

    assert redact("https://TOKEN@github.com/a/b") == "https://***@github.com/a/b"
    assert redact("ssh://git:pw@host/x and ssh://git@host/y") == "ssh://***@host/x and " \
                                                                  "ssh://git@host/y"
    assert redact("git@github.com:acme/blueprints.git") == "git@github.com:acme/blueprints.git"
