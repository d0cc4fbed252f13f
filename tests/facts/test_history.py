"""History facts on a real repository with chosen authors, dates, merges and signatures."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from catalog_lint.facts import history as history_module
from catalog_lint.facts.history import Commit, Members, classify
from tests.facts.helpers import NOW, component, facts_for, group, user
from tests.gitrepo import GitRepo

ADA = ("Ada Lovelace", "ada@example.com")
BOB = ("Bob", "bob@example.com")
OLD_BOB = ("bob", "bob@old.example.com")
CAROL = ("Carol", "123+carol-gh@users.noreply.github.com")
DAVE = ("Dave", "dave@example.com")
WEB_FLOW = ("GitHub", "noreply@github.com")

ORG = "---\n".join([
    group("cart", members=["bob", "carol"]),
    user("bob", email="bob@example.com"),
    user("carol", login="carol-gh"),
])


@pytest.fixture
def shop(git_repo: GitRepo) -> GitRepo:
    """main: an old commit outside the 90-day window, then one of each way in."""
    repo = git_repo
    repo.enable_ssh_signing()
    repo.commit("Initial import", {
        "services/cart/catalog-info.yaml": component("cart", "group:default/cart"),
        "org.catalog.yaml": ORG,
        ".mailmap": "Bob <bob@example.com> <bob@old.example.com>\n",
        ".github/CODEOWNERS": "* @acme/cart\n",
        "README.md": "shop\n",
    }, author=ADA, date="2023-10-01T12:00:00Z")
    repo.branch("cart-fix")
    repo.checkout("cart-fix")
    repo.commit("Fix rounding", {"services/cart/main.py": "a\n"}, author=BOB,
                date="2024-03-01T12:00:00Z")
    repo.checkout("main")
    repo.merge("cart-fix", "Merge pull request #12 from acme/cart-fix", author=BOB,
               committer=WEB_FLOW, date="2024-03-02T12:00:00Z")
    repo.commit("Fix totals (#13)", {"services/cart/totals.py": "t\n"}, author=CAROL,
                committer=WEB_FLOW, date="2024-03-05T12:00:00Z")
    repo.commit("Update README.md", {"README.md": "shop!\n"}, author=DAVE, committer=WEB_FLOW,
                date="2024-03-06T12:00:00Z")
    repo.commit("hotfix", {"services/cart/catalog-info.yaml": component("cart", "cart")},
                author=ADA, date="2024-03-10T12:00:00Z")
    repo.commit("Add docs (#14)", {"services/cart/README.md": "docs\n"}, author=CAROL,
                date="2024-03-15T12:00:00Z", sign=True)
    repo.commit("tidy", {"services/cart/x.py": "x\n"}, author=OLD_BOB,
                date="2024-03-20T12:00:00Z")
    return repo


def test_delivery_figures(shop: GitRepo) -> None:
    facts = facts_for(shop.path).facts
    assert facts.get("repo.history.commits") == 6  # the 2023 commit is outside 90 days
    assert facts.get("repo.history.delivery") == {
        "pull_request": 3, "web_flow": 1, "direct": 2, "signed": 1, "verified": 0}
    assert facts.get("repo.history.pr_share") == 0.5
    assert facts.get("repo.history.signed_share") == pytest.approx(0.1667)


def test_entity_history(shop: GitRepo) -> None:
    facts = facts_for(shop.path).entities["component:default/cart"]
    assert facts.get("entity.history.changes") == 5
    assert facts.get("entity.history.contributors") == [
        {"name": "Carol", "email": "123+carol-gh@users.noreply.github.com", "changes": 2},
        {"name": "Bob", "email": "bob@example.com", "changes": 2},  # .mailmap merged "bob"
        {"name": "Ada Lovelace", "email": "ada@example.com", "changes": 1},
    ]
    assert facts.get("entity.history.contributor_count") == 3
    assert facts.get("entity.history.owner_share") == 0.8
    assert facts.get("entity.history.bus_factor") == 2
    assert facts.get("entity.history.days_since_last_change") == 11


def test_window_is_configurable(shop: GitRepo) -> None:
    result = facts_for(shop.path, {"history-days": 20})  # from 2024-03-12
    assert result.facts.get("repo.history.commits") == 2
    cart = result.entities["component:default/cart"]
    assert cart.get("entity.history.changes") == 2
    assert cart.get("entity.history.bus_factor") == 1


def test_a_window_reaching_before_1970_reads_the_whole_history(shop: GitRepo) -> None:
    """git misreads a negative --max-age (-86400 kept nothing at all)."""
    result = facts_for(shop.path, {"history-days": int(NOW // 86400) + 1})  # from 1969-12-31
    whole = facts_for(shop.path, {"history-days": 365})
    assert result.facts.get("repo.history.commits") == whole.facts.get("repo.history.commits")
    assert result.facts.get("repo.history.commits") > 0


def test_a_revision_is_read_as_of_its_own_date(shop: GitRepo) -> None:
    rev = shop.git("rev-parse", "HEAD~2")  # the hotfix of 2024-03-10
    result = facts_for(shop.path, rev=rev, now=None)
    assert result.facts.get("repo.head") == rev
    cart = result.entities["component:default/cart"]
    assert cart.get("entity.history.changes") == 3
    assert cart.get("entity.history.days_since_last_change") == 0


def test_one_git_log_pass(shop: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.Popen

    def spy(command: list[str], *args: Any, **kwargs: Any) -> Any:
        calls.append(list(command))
        return real(command, *args, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "Popen", spy)
    facts_for(shop.path)
    assert len([c for c in calls if "log" in c]) == 1


def test_history_turned_off(shop: GitRepo) -> None:
    result = facts_for(shop.path, {"history": False})
    assert result.facts.get("repo.history.pr_share").reason == (
        "history facts are turned off (ownership.history: false)")
    cart = result.entities["component:default/cart"]
    assert "turned off" in cart.get("entity.history.changes").reason


def _commit(subject: str, parents: int = 1, committer: tuple[str, str] = ADA) -> Commit:
    return Commit("0" * 40, tuple("1" * 40 for _ in range(parents)), "A", "a@x", 0,
                  committer[0], committer[1], 0, "N", subject, ())


@pytest.mark.parametrize(("subject", "parents", "committer", "kind"), [
    ("Merge pull request #7 from acme/topic", 2, ADA, "pull-request"),
    ("Merge branch 'feature' into 'main'", 2, ADA, "pull-request"),  # GitLab
    ("Merge branch 'feature'", 2, ADA, "direct"),  # a local merge, pushed
    ("Merged in topic (pull request #4)", 2, ADA, "pull-request"),  # Bitbucket
    ("Merged PR 42: Add cart", 1, ADA, "pull-request"),  # Azure DevOps squash
    ("Add cart (#42)", 1, WEB_FLOW, "pull-request"),
    ("Add cart (#42)", 1, ADA, "pull-request"),
    ("Update README.md", 1, WEB_FLOW, "web-flow"),  # web editor or rebase merge
    ("Fix #42 properly", 1, ADA, "direct"),
])
def test_classify(subject: str, parents: int, committer: tuple[str, str], kind: str) -> None:
    assert classify(_commit(subject, parents, committer)) == kind


def test_members_recognise_noreply_logins() -> None:
    members = Members(emails=frozenset({"bob@example.com"}), logins=frozenset({"carol-gh"}))
    assert members.includes("BOB@example.com")
    assert members.includes("123+carol-gh@users.noreply.github.com")
    assert members.includes("carol-gh@users.noreply.github.com")
    assert not members.includes("carol-gh@example.com")


def test_now_is_used_for_the_working_tree(shop: GitRepo) -> None:
    result = facts_for(shop.path, now=NOW + 10 * 86400)
    cart = result.entities["component:default/cart"]
    assert cart.get("entity.history.days_since_last_change") == 21
