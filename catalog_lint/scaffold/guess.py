"""What a repository says about itself, for a first entity file: each guess with where it
came from, or why there is none.

Everything is read through the snapshot (:mod:`catalog_lint.snapshot`): regular files
inside the repository only, each capped in size; a symbolic link leading out of it is
not followed. The git remote is read by :func:`catalog_lint.facts.gitinfo.inspect`
(credentials in a remote URL are never kept).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog_lint.backstage_formats import is_object_name
from catalog_lint.config import Config
from catalog_lint.facts.gitinfo import GitState, forge_of, inspect
from catalog_lint.regular_files import RefusedFile
from catalog_lint.scaffold.readme import first_paragraph, readme_name
from catalog_lint.snapshot import WorktreeSnapshot

#: The most bytes read of any file a guess looks into (a README, a manifest).
READ_LIMIT = 1024 * 1024

#: Package manifests: a repository with one builds something others use.
MANIFESTS = ("package.json", "pyproject.toml", "setup.py", "setup.cfg", "go.mod",
             "Cargo.toml", "pom.xml", "build.gradle", "build.gradle.kts", "composer.json",
             "Gemfile", "mix.exs")
#: Dependencies that make a server.
SERVERS = ("express", "fastify", "koa", "@nestjs/core", "@hapi/hapi", "flask", "django",
           "fastapi", "uvicorn", "gunicorn", "starlette", "aiohttp", "tornado",
           "spring-boot-starter-web", "spring-boot-starter-webflux", "gin-gonic/gin",
           "labstack/echo", "gofiber/fiber", "go-chi/chi", "gorilla/mux", "actix-web", "axum",
           "rocket", "warp", "rails", "sinatra", "laravel/framework", "phoenix")
#: Dependencies that make a website.
WEBSITES = ("react-dom", "vue", "@angular/core", "svelte", "next", "gatsby", "nuxt", "astro",
            "@docusaurus/core", "vite", "@sveltejs/kit", "hugo")


@dataclass(frozen=True)
class Guess:
    """A value and where it came from; ``value`` is ``None`` when nothing said, and
    ``source`` then says what was looked at."""

    value: str | None
    source: str


@dataclass
class Guesses:
    name: Guess
    owner: Guess
    description: Guess
    type: Guess
    slug: Guess  # "owner/repo" on the forge
    slug_annotation: str | None  # github.com/project-slug or gitlab.com/project-slug
    techdocs: Guess
    repository_url: Guess


class Repository:
    """The folder an entity file is written for, and the repository around it."""

    def __init__(self, folder: Path, config: Config) -> None:
        self.folder = folder.resolve()
        self.config = config
        self.snapshot = WorktreeSnapshot(self.folder, self.folder)
        self.snapshot.read_limit = READ_LIMIT
        self.git: GitState = inspect(self.folder)
        self.toplevel = self.git.toplevel.resolve() if self.git.toplevel else None
        files = self.snapshot.list_files()
        self.files = set(files)
        self.top_files = sorted(f for f in files if "/" not in f)
        self.folders = {f.split("/", 1)[0] for f in files if "/" in f}

    @property
    def subdir(self) -> str:
        """The folder's path from the repository's top (``""`` at the top)."""
        if self.toplevel is None or self.toplevel == self.folder:
            return ""
        try:
            return self.folder.relative_to(self.toplevel).as_posix()
        except ValueError:
            return ""

    def read(self, path: str, *, top: bool = False) -> str | None:
        """A file's text (relative to the folder, or with ``top`` to the repository's
        top); ``None`` when it is missing, refused or unreadable."""
        try:
            data = (self.snapshot.read_repository_file(path) if top
                    else self.snapshot.read_bytes(path))
        except (RefusedFile, OSError):
            return None
        return data.decode("utf-8", "replace")

    @property
    def forge(self) -> str:
        return forge_of(self.git.host) or "github"

    def close(self) -> None:
        self.snapshot.close()


def entity_name(text: str) -> str | None:
    """``text`` made into a valid entity name (lowercase, other characters as dashes)."""
    name = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-_.")[:63].strip("-_.")
    return name if is_object_name(name) else None


def guess_all(repository: Repository) -> Guesses:
    slug, annotation = _slug(repository)
    return Guesses(
        name=_name(repository),
        owner=guess_owner(repository),
        description=_description(repository),
        type=guess_type(repository),
        slug=slug,
        slug_annotation=annotation,
        techdocs=_techdocs(repository),
        repository_url=_repository_url(repository),
    )


def _remote_label(repository: Repository) -> str:
    return f"{repository.git.host}/{repository.git.owner_repo}"


def _name(repository: Repository) -> Guess:
    owner_repo = repository.git.owner_repo
    if owner_repo and not repository.subdir:
        name = entity_name(owner_repo.rsplit("/", 1)[-1])
        if name:
            return Guess(name, f"the git remote origin ({_remote_label(repository)})")
    name = entity_name(repository.folder.name)
    if name:
        return Guess(name, f"the folder's name ({repository.folder.name})")
    return Guess(None, f"neither the folder's name ({repository.folder.name}) nor a remote "
                 "makes an entity name")


def _description(repository: Repository) -> Guess:
    name = readme_name(repository.top_files)
    if name is None:
        return Guess(None, "no README in the folder")
    text = repository.read(name)
    if text is None:
        return Guess(None, f"{name} was not read (larger than {READ_LIMIT:,} bytes, not a "
                     "regular file, or a link leading out of the repository)")
    paragraph = first_paragraph(text)
    if not paragraph:
        return Guess(None, f"{name} has no paragraph of text")
    return Guess(paragraph, f"{name} (its first paragraph)")


def _slug(repository: Repository) -> tuple[Guess, str | None]:
    owner_repo = repository.git.owner_repo
    forge = forge_of(repository.git.host)
    if not owner_repo or forge is None:
        return Guess(None, "no GitHub or GitLab remote (origin)"), None
    return (Guess(owner_repo, f"the git remote origin ({_remote_label(repository)})"),
            f"{forge}.com/project-slug")


def _repository_url(repository: Repository) -> Guess:
    if not repository.git.owner_repo or not repository.git.host:
        return Guess(None, "no remote (origin)")
    return Guess(f"https://{_remote_label(repository)}", "the git remote origin")


def _techdocs(repository: Repository) -> Guess:
    mkdocs = next((n for n in ("mkdocs.yml", "mkdocs.yaml") if n in repository.files), None)
    if "docs" in repository.folders and mkdocs:
        return Guess("dir:.", f"docs/ and {mkdocs}")
    return Guess(None, "no docs/ folder with an mkdocs.yml")


# -- the type ------------------------------------------------------------------------------


def guess_type(repository: Repository) -> Guess:
    """service (a server, usually with a Dockerfile), website, or library (a package
    manifest and no server)."""
    present = repository.top_files
    manifests = [m for m in MANIFESTS if m in present]
    manifests += [f for f in present if f.endswith((".gemspec", ".csproj"))]
    servers: list[str] = []
    websites: list[str] = []
    dockerfile = next((f for f in present if f == "Dockerfile" or f.startswith("Dockerfile.")), None)
    if dockerfile:
        exposed = re.search(r"(?im)^\s*EXPOSE\s+(\S+)", repository.read(dockerfile) or "")
        if exposed:
            servers.append(f"{dockerfile} (EXPOSE {exposed.group(1)})")
    if "Procfile" in present and re.search(r"(?m)^web:", repository.read("Procfile") or ""):
        servers.append("Procfile (a web process)")
    for manifest in [*manifests, *(r for r in ("requirements.txt",) if r in present)]:
        dependencies = _dependencies(manifest, repository.read(manifest) or "")
        servers += [f"{manifest} ({d})" for d in SERVERS if d in dependencies]
        websites += [f"{manifest} ({d})" for d in WEBSITES if d in dependencies]
    if websites and not any(s.startswith(("Dockerfile", "Procfile")) for s in servers):
        return Guess("website", f"a web front end: {websites[0]}")
    if servers:
        lead = f"{dockerfile} and a server: " if dockerfile else "a server: "
        return Guess("service", lead + servers[0])
    if dockerfile:
        return Guess("service", f"{dockerfile} (a container; no server found in it)")
    if manifests:
        return Guess("library", f"a package manifest ({manifests[0]}) and no server")
    if "index.html" in present:
        return Guess("website", "index.html")
    return Guess(None, "no Dockerfile, package manifest or web page in the folder")


def _dependencies(manifest: str, text: str) -> set[str]:
    """The names a manifest depends on (approximately, for all but package.json)."""
    if manifest in ("package.json", "composer.json"):
        try:
            data: Any = json.loads(text)
        except ValueError:
            return set()
        names: set[str] = set()
        for section in ("dependencies", "devDependencies", "require"):
            value = data.get(section) if isinstance(data, dict) else None
            if isinstance(value, dict):
                names.update(str(k).lower() for k in value)
        return names
    low = text.lower()
    return {name for name in (*SERVERS, *WEBSITES)
            if re.search(rf"(?<![\w./-]){re.escape(name)}(?![\w-])", low)}


# -- the owner -----------------------------------------------------------------------------


def guess_owner(repository: Repository) -> Guess:
    """The owner CODEOWNERS gives the new file, as a catalog owner: through the config's
    ``ownership.owners`` mapping, a Group of the repository's catalog whose
    ``github.com/team-slug`` (or name) stands for it, else the team's own name."""
    from catalog_lint.facts.codeowners import LOCATIONS, parse

    forge = repository.forge
    for location in LOCATIONS[forge]:
        text = repository.read(location, top=True)
        if text is not None:
            break
    else:
        return Guess(None, f"no CODEOWNERS ({', '.join(LOCATIONS[forge])})")
    target = "/".join(filter(None, (repository.subdir, "catalog-info.yaml")))
    owners = parse(text, location, forge).owners_of(target)
    handle = next((o for o in owners if "/" in o), None) or next(
        (o for o in owners if o.startswith("@")), None)
    if handle is None:
        return Guess(None, f"{location} gives {target} no team or user")
    where = f"{location} ({handle})"
    mapped = _mapped(repository.config, handle)
    if mapped:
        return Guess(mapped, f"{where}, through ownership.owners in {repository.config.source}")
    group = _catalog_group(repository, handle)
    if group:
        return Guess(group[0], f"{where}, the Group {group[0]} of {group[1]}")
    name = entity_name(handle.rsplit("/", 1)[-1].lstrip("@"))
    if name is None:
        return Guess(None, f"{where} makes no entity name")
    if "/" in handle:
        return Guess(name, f"{where}, by the team-slug convention (the Group named as the team)")
    return Guess(f"user:{name}", f"{where}, a user")


def _mapped(config: Config, handle: str) -> str | None:
    owners = (config.get("ownership") or {}).get("owners") or {}
    for catalog_owner, handles in owners.items():
        values = [handles] if isinstance(handles, str) else list(handles or [])
        if any(str(v).lower() == handle.lower() for v in values):
            return str(catalog_owner)
    return None


def _catalog_group(repository: Repository, handle: str) -> tuple[str, str] | None:
    """The Group of the repository's own entity files that ``handle`` stands for (by its
    team-slug annotation, or its name), and the file it is defined in."""
    if repository.toplevel is None:
        return None
    from catalog_lint.facts.ownership import Directory, Owner, matches
    from catalog_lint.graph.stage import graph_of
    from catalog_lint.pipeline import RunOptions
    from catalog_lint.refs import EntityRef

    with WorktreeSnapshot(repository.toplevel, repository.toplevel) as snapshot:
        state, _ = graph_of(snapshot, repository.config, RunOptions())
    directory = Directory.build(state.entities, None)
    found = []
    for (namespace, name), group in directory.groups.items():
        owner = Owner(f"group:{namespace}/{name}", (), EntityRef("group", namespace, name))
        handles = directory.handles(owner)
        # an exact handle (the team-slug annotation) before the name convention
        exact = [h for h in handles if not h.startswith("@*/")]
        if matches(exact, [handle]) or matches(handles, [handle]):
            found.append((bool(matches(exact, [handle])), group))
    if not found:
        return None
    found.sort(key=lambda item: not item[0])
    group = found[0][1]
    ref = group.name if group.namespace.lower() == "default" else f"{group.namespace}/{group.name}"
    return ref, group.file
