"""The pipeline stage: in a git repository, compute the facts once, report the
ownership findings, and hand the facts on (``run.facts``, ``run.entity_facts``, and the
``facts`` section of the report)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from catalog_lint.facts.repository import Note, RepositoryFacts, compute
from catalog_lint.findings import Problem
from catalog_lint.model import SourceFile

if TYPE_CHECKING:
    from catalog_lint.pipeline import Run

#: Rule IDs this stage reports under.
RULES = (
    "codeowners-syntax", "codeowners-malformed-owner", "codeowners-duplicate-pattern",
    "codeowners-shadowed-entry", "codeowners-unmatched-pattern", "codeowners-coverage",
    "codeowners-ignored-file", "codeowners-entity-not-covered", "codeowners-owner-mismatch",
    "codeowners-unknown-owner", "git-state", "github-api-url", "github-repository",
)


def run(run: Run) -> None:
    """Facts and findings, when the snapshot lies in a git repository."""
    if run.snapshot.git_dir is None:
        return
    from catalog_lint.github.access import access_for

    settings: dict[str, Any] = dict(run.config.get("ownership", {}) or {})
    result = compute(run.snapshot, settings, run.entities, env=os.environ,
                     api=access_for(run.options.extra, os.environ),
                     config_file=run.config.source)
    publish(run, result)
    if result.state is not None and result.state.is_repo:
        from catalog_lint.facts.identity import repository_section

        run.sections["repository"] = repository_section(result.state, run.snapshot)
    for note in result.notes:
        emit(run, result, note)


def publish(run: Run, result: RepositoryFacts) -> None:
    """Merge the facts into the run (other stages may have added ``dora.*`` already)."""
    for name, value in result.facts.items():
        _merge(run.facts, name, value)
    run.facts.sources.update(result.facts.sources)
    for ref, facts in result.entities.items():
        target = run.entity_facts.setdefault(ref, type(facts)())
        for name, value in facts.items():
            _merge(target, name, value)
        target.sources.update(facts.sources)
    run.sections["facts"] = section(result)


def section(result: RepositoryFacts) -> dict[str, Any]:
    """The report section, opened: the facts and their sources are written into it by
    :meth:`Run.write_facts_section` once every stage has added its facts (the scores
    stage adds DORA's); the notes behind unknown values are known now."""
    return {
        "repository": None,
        "sources": None,
        "entities": None,
        "notes": [note.message for note in result.notes if note.rule == "git-state"],
    }


def _merge(target: Any, name: str, value: Any) -> None:
    existing = target.get(name, None) if name in target else None
    if isinstance(existing, dict) and isinstance(value, dict):
        for key, item in value.items():
            _merge_into(existing, key, item)
    else:
        target.set(name, value)


def _merge_into(node: dict[str, Any], key: str, value: Any) -> None:
    if isinstance(node.get(key), dict) and isinstance(value, dict):
        for sub, item in value.items():
            _merge_into(node[key], sub, item)
    else:
        node[key] = value


def emit(run: Run, result: RepositoryFacts, note: Note) -> None:
    """One note as a finding: at the entity's field, at a repository file's line, or at
    the repository itself."""
    problem = Problem(note.rule, note.message, path=note.path, line=note.line,
                      column=note.column, severity=note.severity)
    if note.entity is not None:
        run.emit(problem, doc=note.entity.document)
        return
    if note.file is not None:
        run.emit(problem, file=source_file(run, result, note.file))
        return
    run.emit(Problem(note.rule, note.message, line=1, column=1, severity=note.severity),
             display=_display(run, result, ""))


def source_file(run: Run, result: RepositoryFacts, repo_path: str) -> SourceFile:
    """A repository file as findings name it (it may lie above the snapshot root)."""
    display = _display(run, result, repo_path)
    return SourceFile(path=display, display=display)


def _display(run: Run, result: RepositoryFacts, repo_path: str) -> str:
    state = result.state
    snapshot = run.snapshot
    if state is None or state.toplevel is None:
        return repo_path or "."
    if snapshot.revision is not None:  # a commit: paths as the repository names them
        return repo_path or "."
    absolute = os.path.join(str(state.toplevel), repo_path)
    cwd = getattr(snapshot, "cwd", None)
    try:
        shown = os.path.relpath(absolute, str(cwd) if cwd else str(snapshot.root))
    except ValueError:
        return absolute
    return shown.replace(os.sep, "/")
