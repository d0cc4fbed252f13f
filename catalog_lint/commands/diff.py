"""``catalog-lint diff``: the regression gate.

The base commit and the head (a commit, or the working tree) go through the same
pipeline, the base read from git objects without a checkout; the gate then compares the
two reports (:func:`catalog_lint.gate.compare`). The head's report, carrying the result
as its ``diff`` section, is what every ``--format`` renders.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from catalog_lint.commands.comment import comment_options, post_comment
from catalog_lint.commands.common import (
    config_option,
    jobs_option,
    output_options,
    use_color,
    write_output,
)
from catalog_lint.config import Config
from catalog_lint.errors import EXIT_FINDINGS, EXIT_OK, FatalError
from catalog_lint.gate.model import FAIL_ON_CHOICES
from catalog_lint.github.options import ACCESS_KEY, github_api_option
from catalog_lint.graph.options import graph_extra, graph_options
from catalog_lint.report import Report

if TYPE_CHECKING:
    from catalog_lint.gitaccess import Repository
    from catalog_lint.github.env import ActionsEnv
from catalog_lint.reporters import REPORTERS, renderer
from catalog_lint.terminal import escape


@click.command("diff")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--base", "base_ref", metavar="REF",
              help="The commit to compare against: a SHA, branch or tag. Default: the pull "
                   "request's base in a GitHub Actions pull_request event; the remote's "
                   "commit in a pre-commit pre-push hook; else the upstream branch "
                   "(@{upstream}), else where HEAD left origin's default branch.")
@click.option("--head", "head_ref", metavar="REF",
              help="The commit to check (default: the working tree as it is; in a pre-push "
                   "hook, the commit being pushed).")
@config_option
@click.option("--blueprints", "blueprint_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of blueprint JSON files (repeatable).")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default=None,
              help="regression: fail when something got worse (default); any: also when "
                   "the head has any error-level finding; never: always exit 0.")
@output_options(list(REPORTERS))
@click.option("--write", "writes", multiple=True, metavar="FORMAT:FILE",
              help="Also write the report in another format to a file (repeatable), e.g. "
                   "--write sarif:results.sarif --write json:report.json.")
@click.option("--comment", "comment", is_flag=True,
              help="Post the Markdown summary as a pull-request comment (token from "
                   "GITHUB_TOKEN), updating the one an earlier run posted.")
@comment_options
@github_api_option
@graph_options
@jobs_option
def command(paths: tuple[Path, ...], base_ref: str | None, head_ref: str | None,
            config_path: Path | None, blueprint_dirs: tuple[Path, ...], fail_on: str | None,
            output_format: str, output: Path | None, color: str, writes: tuple[str, ...],
            comment: bool, repository: str | None, number: int | None, key: str,
            always: bool | None, github_api_url: str | None, jobs: int | None,
            **graph: Any) -> None:
    """Compare the base commit with the head and fail on regressions: new findings,
    scorecard rules that stopped passing, levels that dropped, facts that got worse.
    Findings already on the base do not fail the gate.

    \b
    Exit codes: 0 no regressions; 1 regressions (or, with --fail-on any, error-level
    findings); 2 the gate could not run (for example, the base commit is not in a
    shallow clone).

    \b
    Examples:
      catalog-lint diff --base origin/main
      catalog-lint diff --base main --head feature services/
      catalog-lint diff --base "$BASE_SHA" --format markdown -o summary.md
    """
    from catalog_lint.commands.common import resolve_config
    from catalog_lint.gate import compare
    from catalog_lint.github.access import ApiAccess
    from catalog_lint.github.env import ActionsEnv
    from catalog_lint.github.workflow import append_summary_for
    from catalog_lint.github.workflow import command as command_line
    from catalog_lint.revisions import resolve_commit

    targets = [_parse_write(spec) for spec in writes]
    env = ActionsEnv.read()
    cwd = Path.cwd()
    repo = find_repository(cwd)
    root = repo.root
    if base_ref is None:
        base_ref, pushed = default_refs(root, env)
        head_ref = head_ref or pushed
    base_sha = resolve_commit(repo, base_ref, "base")
    head_sha = resolve_commit(repo, head_ref, "head") if head_ref else None
    if head_sha is None and repo.bare:
        raise FatalError(f"{root} is a bare repository, which has no working tree to check: "
                         "name the commit to check with --head")
    config = resolve_config(config_path, cwd)
    gate_settings = config.get("gate", {}) or {}
    fail_on = fail_on or gate_settings.get("fail-on", "regression")
    if always is None:
        always = bool(gate_settings.get("comment-always", False))
    scope = _scope(paths, cwd, root)

    # One API access for the base, the head and the comment: one origin, one time budget.
    access = ApiAccess.from_environment(os.environ, github_api_url)
    extra = {"facts": True, ACCESS_KEY: access, **graph_extra(graph)}
    base = evaluate(root, base_sha, scope, config, blueprint_dirs, base_revision=base_sha,
                    jobs=jobs, extra=extra)
    head = evaluate(root, head_sha, scope, config, blueprint_dirs, jobs=jobs, extra=extra)
    result = compare(base, head, fail_on=fail_on)
    link_revision = head_sha or _head_commit(root)
    result.head.url = env.blob_url(link_revision, repository)
    head.sections["diff"] = result.to_dict()

    colored = use_color(color, output)
    write_output(_render(output_format, head, colored), output, colored)
    for format_name, target in targets:
        write_output(_render(format_name, head, False), target)
    append_summary_for(output_format, head)
    if comment:
        # The gate's verdict stands even when the comment cannot be posted (a pull
        # request from a fork gets a read-only token): say so, and exit as the gate says.
        try:
            click.echo(escape(post_comment(head, repository=repository, number=number, key=key,
                                    always=always, access=access)), err=True)
        except FatalError as exc:
            click.echo(f"catalog-lint: warning: could not post the comment: {escape(exc.message)}",
                       err=True)
            if output_format == "github" and output is None:
                click.echo(command_line("warning", {"title": "catalog-lint comment"},
                                        f"could not post the comment: {exc.message}"))
    raise SystemExit(EXIT_FINDINGS if result.fails() else EXIT_OK)


def _render(name: str, report: Report, color: bool) -> str:
    if name == "text":  # the gate's own text form; other formats know the diff section
        from catalog_lint.gate.text import render

        return render(report, color=color)
    return renderer(name)(report, color=color)


def evaluate(root: Path, revision: str | None, scope: list[str] | None, config: Config,
             blueprint_dirs: tuple[Path, ...] = (), *, base_revision: str | None = None,
             jobs: int | None = None, extra: dict[str, Any] | None = None) -> Report:
    """One side of the gate: the commit ``revision`` (read from git objects), or the
    working tree when ``None``; paths are relative to the repository root on both sides so
    that fingerprints match. On the base (``revision == base_revision``) a path that does
    not exist yet is no error: the base simply has nothing there."""
    from catalog_lint.pipeline import RunOptions, resolve_targets, run
    from catalog_lint.scorecards import enable as enable_scores
    from catalog_lint.snapshot import CommitSnapshot, Snapshot, WorktreeSnapshot

    snapshot: Snapshot = (
        CommitSnapshot(root, revision, what="base" if revision == base_revision else "head")
        if revision else WorktreeSnapshot(root, cwd=root)
    )
    with snapshot:
        options = RunOptions(paths=scope or (), blueprint_dirs=list(blueprint_dirs), jobs=jobs,
                             extra=dict(extra or {}))
        enable_scores(options.extra)  # levels and scorecard rules are part of the gate
        targets = None
        if scope and revision is not None and revision == base_revision:
            # A folder the pull request adds is not on the base: the base has nothing there.
            present = [p for p in scope if p == "." or snapshot.is_file(p) or snapshot.is_dir(p)]
            targets = resolve_targets(snapshot, config, present) if present else []
        return run(snapshot, config, options, targets=targets)


_NO_COMMIT = "0" * 40


def default_refs(root: Path, env: ActionsEnv) -> tuple[str, str | None]:
    """The base (and, in a pre-push hook, the head) when ``--base`` is not given."""
    base = env.pull_request_shas()[0]
    if base:
        return base, None
    # pre-commit's pre-push stage: what the remote has, and what is being pushed.
    remote = os.environ.get("PRE_COMMIT_FROM_REF", "")
    pushed = os.environ.get("PRE_COMMIT_TO_REF") or None
    if remote and remote != _NO_COMMIT:
        return remote, pushed
    if _git(root, "rev-parse", "--verify", "--quiet", "@{upstream}").returncode == 0:
        return "@{upstream}", pushed
    # A new branch: compare with where it left the remote's default branch.
    fork = _git(root, "merge-base", pushed or "HEAD", "refs/remotes/origin/HEAD")
    if fork.returncode == 0 and fork.stdout.strip():
        return fork.stdout.strip(), pushed
    raise click.UsageError(
        "--base is required: no pull_request event, no upstream branch and no "
        "origin/HEAD to compare with"
    )


def find_repository(cwd: Path) -> Repository:
    from catalog_lint.gitaccess import locate

    found = locate(cwd)
    if found is None:
        raise FatalError(f"{cwd}: not inside a git repository; catalog-lint diff compares "
                         "commits")
    return found


def _head_commit(root: Path) -> str | None:
    found = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    return found.stdout.strip() or None if found.returncode == 0 else None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from catalog_lint.gitaccess import run_git

    found = run_git(root, *args)
    return subprocess.CompletedProcess(found.args, found.returncode,
                                       found.stdout.decode("utf-8", "replace"),
                                       found.stderr.decode("utf-8", "replace"))


def _scope(paths: tuple[Path, ...], cwd: Path, root: Path) -> list[str] | None:
    """The paths to check, relative to the repository root; ``None`` for all of it.
    Without paths, a run from a sub-folder checks that folder, as ``validate`` does."""
    resolved_root = root.resolve()
    chosen = list(paths) or ([cwd] if cwd.resolve() != resolved_root else [])
    scope = []
    for path in chosen:
        absolute = (path if path.is_absolute() else cwd / path).resolve()
        try:
            scope.append(absolute.relative_to(resolved_root).as_posix() or ".")
        except ValueError:
            raise FatalError(f"{path}: outside the repository {root}") from None
    return scope or None


def _parse_write(spec: str) -> tuple[str, Path]:
    name, sep, target = spec.partition(":")
    if not sep or not target or name not in REPORTERS:
        raise click.BadParameter(
            f"{spec!r}: expected FORMAT:FILE with FORMAT one of {', '.join(REPORTERS)}",
            param_hint="--write",
        )
    return name, Path(target)
