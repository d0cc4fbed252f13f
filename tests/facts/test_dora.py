"""DORA figures from real repositories, against hand-computed expectations.

Every scenario fixes the window's end (``end``) so that the figures do not depend on
today's date; the window is the 90 days before it unless a test says otherwise.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from catalog_lint.errors import FatalError
from catalog_lint.facts import dora
from catalog_lint.facts.dora import DoraSettings
from catalog_lint.facts.model import Unknown
from tests.gitrepo import GitRepo

END = datetime(2024, 7, 1, tzinfo=timezone.utc)  # window: 2024-04-02 .. 2024-07-01


def compute(repo: GitRepo, **settings: object) -> dict[str, object]:
    return dora.compute(repo.path, None, DoraSettings(end=END, **settings))  # type: ignore[arg-type]


def release_history(repo: GitRepo) -> None:
    """Five releases, one before the window, one followed by a revert.

    ============  ==========================  =========================================
    deployment    time (UTC)                  commits it brings (lead time)
    ============  ==========================  =========================================
    v0.9.0 (lw)   2024-01-01 00:00            c0 (before the window)
    v1.0.0 (lw)   2024-04-11 10:00            c1 24 h, c2 0 h
    v1.1.0 (ann)  2024-04-21 12:00 (tagger)   c3 24 h; then a revert: failed
    v1.1.1 (lw)   2024-04-23 00:00            c4 (the revert) 12 h, c5 0 h
    v1.2.0 (ann)  2024-05-02 00:00 (tagger)   c6 24 h
    ============  ==========================  =========================================
    """
    repo.commit("init", date="2024-01-01T00:00:00Z")
    repo.tag("v0.9.0")
    repo.commit("feat: a", date="2024-04-10T10:00:00Z")
    repo.tag("v1.0.0-rc.1")  # a pre-release: not a deployment by default
    repo.commit("feat: b", date="2024-04-11T10:00:00Z")
    repo.tag("v1.0.0")
    repo.tag("nightly")  # not a version
    repo.commit("feat: c", date="2024-04-20T12:00:00Z")
    repo.tag("v1.1.0", message="release 1.1.0", date="2024-04-21T12:00:00Z")
    repo.commit('Revert "feat: c"', date="2024-04-22T12:00:00Z")
    repo.commit("fix: d", date="2024-04-23T00:00:00Z")
    repo.tag("v1.1.1")
    repo.commit("feat: e", date="2024-05-01T00:00:00Z")
    repo.tag("v1.2.0", message="release 1.2.0", date="2024-05-02T00:00:00Z")


def test_figures_of_a_release_history(git_repo: GitRepo) -> None:
    release_history(git_repo)
    facts = compute(git_repo)

    assert facts["dora.window.start"] == "2024-04-02T00:00:00+00:00"
    assert facts["dora.window.end"] == "2024-07-01T00:00:00+00:00"
    assert facts["dora.deployments.total"] == 5
    assert facts["dora.deployments.in_window"] == 4
    assert [d["name"] for d in facts["dora.deployments.list"]] == [  # type: ignore[attr-defined]
        "v1.0.0", "v1.1.0", "v1.1.1", "v1.2.0"]
    assert [d["failed"] for d in facts["dora.deployments.list"]] == [  # type: ignore[attr-defined]
        False, True, False, False]

    # 4 deployments in 90 days: 4 / (90 / 7) per week; one every 22.5 days: Medium
    assert facts["dora.deployment_frequency.count"] == 4
    assert facts["dora.deployment_frequency.per_week"] == 0.311
    assert facts["dora.deployment_frequency.sample"] == 4
    assert facts["dora.deployment_frequency.tier"] == "Medium"

    # lead times 24, 0, 24, 12, 0, 24 h: median (12 + 24) / 2, p90 rank ceil(5.4) = 6
    assert facts["dora.lead_time.sample"] == 6
    assert facts["dora.lead_time.median_hours"] == 18.0
    assert facts["dora.lead_time.p90_hours"] == 24.0
    assert facts["dora.lead_time.tier"] == "Elite"

    # v1.1.0 was followed by a revert before v1.1.1: 1 of 4
    assert facts["dora.change_failure_rate.failures"] == 1
    assert facts["dora.change_failure_rate.sample"] == 4
    assert facts["dora.change_failure_rate.value"] == 0.25
    assert facts["dora.change_failure_rate.tier"] == "Low"

    # v1.1.0 (04-21 12:00) restored by v1.1.1 (04-23 00:00): 36 h
    assert facts["dora.time_to_restore.sample"] == 1
    assert facts["dora.time_to_restore.median_hours"] == 36.0
    assert facts["dora.time_to_restore.unrestored"] == 0
    assert facts["dora.time_to_restore.tier"] == "Medium"

    assert facts["dora.tier"] == "Low"  # the lowest of Medium, Elite, Low, Medium


def test_no_tags_gives_unknown_tiers_not_low(git_repo: GitRepo) -> None:
    git_repo.commit("one", date="2024-05-01T00:00:00Z")
    git_repo.commit("two", date="2024-05-02T00:00:00Z")
    facts = compute(git_repo)
    assert facts["dora.deployments.total"] == 0
    assert facts["dora.deployment_frequency.count"] == 0
    assert facts["dora.deployment_frequency.per_week"] == 0.0
    assert facts["dora.lead_time.sample"] == 0
    for metric in ("deployment_frequency", "lead_time", "change_failure_rate", "time_to_restore"):
        tier = facts[f"dora.{metric}.tier"]
        assert isinstance(tier, Unknown), metric
    assert "0 deployments in the window, fewer than 3" in facts[  # type: ignore[union-attr]
        "dora.deployment_frequency.tier"].reason
    assert isinstance(facts["dora.tier"], Unknown)


def test_one_tag_has_figures_but_no_tier(git_repo: GitRepo) -> None:
    git_repo.commit("feat: a", date="2024-06-01T00:00:00Z")
    git_repo.commit("feat: b", date="2024-06-01T06:00:00Z")
    git_repo.tag("1.0.0")  # without the v
    facts = compute(git_repo)
    assert facts["dora.deployment_frequency.count"] == 1
    assert facts["dora.deployment_frequency.per_week"] == 0.078  # 1 / (90 / 7)
    assert facts["dora.lead_time.sample"] == 2
    assert facts["dora.lead_time.median_hours"] == 3.0  # 6 h and 0 h
    assert facts["dora.change_failure_rate.value"] == 0.0
    assert isinstance(facts["dora.deployment_frequency.tier"], Unknown)
    assert isinstance(facts["dora.lead_time.tier"], Unknown)
    assert isinstance(facts["dora.change_failure_rate.tier"], Unknown)
    # with a lower threshold the same history has tiers
    facts = compute(git_repo, min_deployments=1)
    assert facts["dora.deployment_frequency.tier"] == "Low"  # one in 90 days
    assert facts["dora.lead_time.tier"] == "Elite"
    assert facts["dora.change_failure_rate.tier"] == "Elite"


def test_revert_right_after_the_last_release_is_a_failure_not_yet_restored(
        git_repo: GitRepo) -> None:
    for day, name in ((10, "v1.0.0"), (11, "v1.0.1"), (12, "v1.0.2")):
        git_repo.commit(f"feat: {name}", date=f"2024-06-{day}T00:00:00Z")
        git_repo.tag(name)
    git_repo.commit('Revert "feat: v1.0.2"', date="2024-06-12T01:00:00Z")
    facts = compute(git_repo)
    assert facts["dora.change_failure_rate.failures"] == 1
    assert facts["dora.change_failure_rate.value"] == pytest.approx(0.3333)
    assert facts["dora.time_to_restore.sample"] == 0
    assert facts["dora.time_to_restore.unrestored"] == 1
    assert isinstance(facts["dora.time_to_restore.median_hours"], Unknown)
    # deployments daily on average over the 3 days would be Elite, but spread over the
    # 90-day window: 30 days apart, Medium
    assert facts["dora.deployment_frequency.tier"] == "Medium"
    # time to restore has no sample: left out of the overall tier (the failure rate counts)
    assert facts["dora.tier"] == "Low"


def test_hotfix_and_breaking_fix_subjects_mark_failures(git_repo: GitRepo) -> None:
    git_repo.commit("feat: a", date="2024-06-01T00:00:00Z")
    git_repo.tag("v1.0.0")
    git_repo.commit("Merge pull request #4 from acme/hotfix/login", date="2024-06-01T02:00:00Z")
    git_repo.tag("v1.0.1")
    git_repo.commit("fix(api)!: drop the broken field", date="2024-06-02T00:00:00Z")
    git_repo.tag("v2.0.0")
    git_repo.commit("feat: fine", date="2024-06-03T00:00:00Z")
    git_repo.tag("v2.1.0")
    facts = compute(git_repo)
    assert [d["failed"] for d in facts["dora.deployments.list"]] == [  # type: ignore[attr-defined]
        True, True, False, False]
    assert facts["dora.change_failure_rate.value"] == 0.5
    # restored after 2 h (v1.0.0 -> v1.0.1) and 22 h (v1.0.1 -> v2.0.0): median 12 h
    assert facts["dora.time_to_restore.median_hours"] == 12.0
    assert facts["dora.time_to_restore.tier"] == "High"
    # custom patterns replace the defaults
    facts = compute(git_repo, failure_patterns=(r"^rollback",))
    assert facts["dora.change_failure_rate.failures"] == 0
    assert isinstance(facts["dora.time_to_restore.tier"], Unknown)
    assert facts["dora.tier"] == "Medium"  # DF Medium, LT Elite, CFR Elite; TTR left out


def test_tags_on_side_branches(git_repo: GitRepo) -> None:
    """A tag on a branch that was never merged is not a deployment of the analysed line;
    a tag on a side branch that was merged is, and it deploys the side branch's commits
    first."""
    git_repo.commit("base", date="2024-05-01T00:00:00Z")
    git_repo.tag("v1.0.0")
    git_repo.branch("release")
    git_repo.branch("experiment")
    git_repo.checkout("experiment")
    git_repo.commit("feat: experiment", date="2024-05-02T00:00:00Z")
    git_repo.tag("v9.0.0")  # never merged
    git_repo.checkout("release")
    git_repo.commit("fix: on release", date="2024-05-03T00:00:00Z")
    git_repo.tag("v1.0.1", message="patch", date="2024-05-03T06:00:00Z")
    git_repo.checkout("main")
    git_repo.commit("feat: on main", date="2024-05-04T00:00:00Z")
    git_repo.merge("release", "Merge branch 'release'", date="2024-05-05T00:00:00Z")
    git_repo.tag("v1.1.0")
    facts = compute(git_repo, min_deployments=1)
    names = [d["name"] for d in facts["dora.deployments.list"]]  # type: ignore[attr-defined]
    assert names == ["v1.0.0", "v1.0.1", "v1.1.0"]
    changes = [d["changes"] for d in facts["dora.deployments.list"]]  # type: ignore[attr-defined]
    assert changes == [1, 1, 2]  # v1.1.0: "feat: on main" and the merge commit
    # lead times: base 0 h, release fix 6 h, main commit 24 h; the merge is not a change
    assert facts["dora.lead_time.sample"] == 3
    assert facts["dora.lead_time.median_hours"] == 6.0
    assert facts["dora.lead_time.p90_hours"] == 24.0


def test_timezone_offsets(git_repo: GitRepo) -> None:
    # authored 10:00 at +05:00 (05:00 UTC), released 08:00 at -02:00 (10:00 UTC): 5 h
    git_repo.commit("feat: a", date="2024-06-10T10:00:00+05:00")
    git_repo.tag("v1.0.0", message="release", date="2024-06-10T08:00:00-02:00")
    # authored 23:30 at -09:30 (09:00 UTC next day); lightweight tag: the commit date,
    # 2024-06-11T12:00:00+03:00 (09:00 UTC): 0 h
    git_repo.commit("feat: b", date="2024-06-10T23:30:00-09:30",
                    committer_date="2024-06-11T12:00:00+03:00")
    git_repo.tag("v1.0.1")
    facts = compute(git_repo, min_deployments=1)
    listed = facts["dora.deployments.list"]
    assert [d["date"] for d in listed] == [  # type: ignore[attr-defined]
        "2024-06-10T08:00:00-02:00", "2024-06-11T12:00:00+03:00"]
    assert facts["dora.lead_time.sample"] == 2
    assert facts["dora.lead_time.median_hours"] == 2.5  # 5 h and 0 h
    assert facts["dora.lead_time.p90_hours"] == 5.0


def test_lightweight_tag_uses_the_commit_date_not_the_author_date(git_repo: GitRepo) -> None:
    # authored on 06-01, committed (rebased) on 06-03: the tag deploys it on 06-03
    git_repo.commit("feat: a", date="2024-06-01T00:00:00Z",
                    committer_date="2024-06-03T00:00:00Z")
    git_repo.tag("v1.0.0")
    facts = compute(git_repo, min_deployments=1)
    assert facts["dora.lead_time.median_hours"] == 48.0
    assert facts["dora.lead_time.tier"] == "High"


def test_window_and_end(git_repo: GitRepo) -> None:
    release_history(git_repo)
    # a 20-day window ending with 2024-05-01 (at 2024-05-02T00:00, excluded): v1.1.0 and
    # v1.1.1; v1.2.0, tagged at the very end, does not exist yet
    settings = DoraSettings.from_config({"window-days": 20, "end": "2024-05-01"})
    facts = dora.compute(git_repo.path, None, settings)
    assert facts["dora.window.end"] == "2024-05-02T00:00:00+00:00"
    assert facts["dora.deployments.total"] == 4
    assert [d["name"] for d in facts["dora.deployments.list"]] == [  # type: ignore[attr-defined]
        "v1.1.0", "v1.1.1"]
    assert facts["dora.deployment_frequency.per_week"] == 0.7  # 2 / (20 / 7)


def test_two_tags_on_one_commit_are_one_deployment(git_repo: GitRepo) -> None:
    git_repo.commit("feat", date="2024-06-01T00:00:00Z")
    git_repo.tag("1.0.0")
    git_repo.tag("v1.0.0")
    facts = compute(git_repo, min_deployments=1)
    assert facts["dora.deployments.total"] == 1


def test_merges_as_deployments(git_repo: GitRepo) -> None:
    git_repo.commit("init", date="2024-06-01T00:00:00Z")
    for day in (2, 4, 6):
        git_repo.branch(f"feature-{day}")
        git_repo.checkout(f"feature-{day}")
        git_repo.commit(f"feat {day}", date=f"2024-06-0{day}T00:00:00Z")
        git_repo.checkout("main")
        git_repo.merge(f"feature-{day}", f"Merge feature-{day}",
                       date=f"2024-06-0{day + 1}T00:00:00Z")
    facts = dora.compute(git_repo.path, None, DoraSettings.from_config(
        {"end": "2024-07-01T00:00:00Z", "deployments": {"from": "merges"}}))
    assert facts["dora.deployments.source"] == "merges"
    assert facts["dora.deployment_frequency.count"] == 3
    # each merge deploys its feature commit a day after it was written, and the first
    # one also "init", two days old: 48, 24, 24, 24 h (merge commits are not changes)
    assert facts["dora.lead_time.sample"] == 4
    assert facts["dora.lead_time.median_hours"] == 24.0
    assert facts["dora.lead_time.p90_hours"] == 48.0


def test_marker_files_as_deployments(git_repo: GitRepo) -> None:
    git_repo.commit("init", {"app.py": "1"}, date="2024-06-01T00:00:00Z")
    git_repo.commit("deploy 1", {"deploy/production.yaml": "v: 1"}, date="2024-06-02T00:00:00Z")
    git_repo.commit("change", {"app.py": "2"}, date="2024-06-03T00:00:00Z")
    git_repo.commit("deploy 2", {"deploy/production.yaml": "v: 2"}, date="2024-06-05T00:00:00Z")
    git_repo.commit("not yet", {"app.py": "3"}, date="2024-06-06T00:00:00Z")
    facts = dora.compute(git_repo.path, None, DoraSettings.from_config({
        "end": "2024-07-01", "min-deployments": 2,
        "deployments": {"from": "marker", "marker": ["deploy/production.yaml"]}}))
    assert facts["dora.deployment_frequency.count"] == 2
    assert facts["dora.lead_time.sample"] == 4  # init, deploy 1, change, deploy 2
    # deploy 1 brings init (24 h) and itself (0 h); deploy 2 "change" (48 h) and itself
    assert facts["dora.lead_time.median_hours"] == 12.0  # sorted 0, 0, 24, 48
    assert facts["dora.lead_time.p90_hours"] == 48.0
    assert facts["dora.lead_time.tier"] == "Elite"


def test_marker_without_patterns_is_a_config_error() -> None:
    with pytest.raises(FatalError, match="lists no path pattern"):
        DoraSettings.from_config({"deployments": {"from": "marker"}}, ".catalog-lint.yaml")


def test_bad_end_and_bad_pattern_are_config_errors() -> None:
    with pytest.raises(FatalError, match=r"dora\.end: 'yesterday' is not a date"):
        DoraSettings.from_config({"end": "yesterday"})
    with pytest.raises(FatalError, match="invalid regular expression"):
        DoraSettings.from_config({"deployments": {"tag-pattern": "v("}})


def test_not_a_repository_and_shallow_clone(tmp_path: Path, git_repo: GitRepo) -> None:
    facts = dora.compute(None, None, DoraSettings(end=END))
    assert isinstance(facts["dora"], Unknown)
    assert "not a git repository" in facts["dora"].reason

    for day in range(1, 5):
        git_repo.commit(f"c{day}", date=f"2024-06-0{day}T00:00:00Z")
        git_repo.tag(f"v1.0.{day}")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{git_repo.path}", str(clone)],
                   check=True, capture_output=True)
    facts = dora.compute(clone, None, DoraSettings(end=END))
    assert isinstance(facts["dora"], Unknown)
    assert "shallow clone" in facts["dora"].reason


def test_empty_repository_is_unknown(git_repo: GitRepo) -> None:
    facts = dora.compute(git_repo.path, None, DoraSettings(end=END))
    assert isinstance(facts["dora"], Unknown)
    assert "no commits yet" in facts["dora"].reason


def test_revision_limits_the_history(git_repo: GitRepo) -> None:
    release_history(git_repo)
    old = git_repo.git("rev-parse", "v1.1.0")
    facts = dora.compute(git_repo.path, old, DoraSettings(end=END, min_deployments=1))
    assert [d["name"] for d in facts["dora.deployments.list"]] == [  # type: ignore[attr-defined]
        "v1.0.0", "v1.1.0"]
    assert facts["dora.change_failure_rate.failures"] == 0  # the revert is not in that history


@pytest.mark.parametrize(("metric", "value", "expected"), [
    ("deployment_frequency", 1.0, "Elite"), ("deployment_frequency", 1.01, "High"),
    ("deployment_frequency", 7.0, "High"), ("deployment_frequency", 30.0, "Medium"),
    ("deployment_frequency", 30.5, "Low"),
    ("lead_time", 23.99, "Elite"), ("lead_time", 24.0, "High"), ("lead_time", 167.0, "High"),
    ("lead_time", 168.0, "Medium"), ("lead_time", 720.0, "Low"),
    ("change_failure_rate", 0.05, "Elite"), ("change_failure_rate", 0.1, "High"),
    ("change_failure_rate", 0.15, "Medium"), ("change_failure_rate", 0.16, "Low"),
    ("time_to_restore", 0.5, "Elite"), ("time_to_restore", 1.0, "High"),
    ("time_to_restore", 23.0, "High"), ("time_to_restore", 100.0, "Medium"),
    ("time_to_restore", 168.0, "Low"),
])
def test_tier_thresholds(metric: str, value: float, expected: str) -> None:
    assert dora.tier(metric, value) == expected


def test_percentiles() -> None:
    assert dora.p90([5.0]) == 5.0
    assert dora.p90([float(v) for v in range(1, 11)]) == 9.0  # rank ceil(9.0) = 9
    assert dora.p90([float(v) for v in range(1, 12)]) == 10.0  # rank ceil(9.9) = 10
    assert dora.median([1.0, 2.0, 3.0, 10.0]) == 2.5
