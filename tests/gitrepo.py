"""Build real git repositories in temporary folders, with chosen authors, dates, merges,
tags and signatures. Used by every test that needs history."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

DEFAULT_AUTHOR = ("Ada Lovelace", "ada@example.com")


@dataclass
class GitRepo:
    path: Path

    @classmethod
    def init(cls, path: Path, branch: str = "main") -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path)
        repo.git("init", "-q", "-b", branch)
        repo.git("config", "user.name", DEFAULT_AUTHOR[0])
        repo.git("config", "user.email", DEFAULT_AUTHOR[1])
        repo.git("config", "commit.gpgsign", "false")
        repo.git("config", "tag.gpgsign", "false")
        return repo

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        full_env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.path),
                    **(env or {})}
        result = subprocess.run(
            ["git", *args], cwd=self.path, env=full_env, capture_output=True, text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def write(self, files: dict[str, str | bytes | None]) -> None:
        """Write (str/bytes) or delete (None) files, relative to the repository."""
        for name, content in files.items():
            target = self.path / name
            if content is None:
                if target.exists():
                    target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")

    def commit(
        self,
        message: str,
        files: dict[str, str | bytes | None] | None = None,
        *,
        author: tuple[str, str] = DEFAULT_AUTHOR,
        date: str | None = None,
        committer: tuple[str, str] | None = None,
        committer_date: str | None = None,
        allow_empty: bool = True,
        sign: bool = False,
    ) -> str:
        """Commit the given file changes; dates in git's formats, e.g.
        ``2024-03-01T12:00:00+02:00``. Returns the new commit's SHA."""
        if files:
            self.write(files)
        self.git("add", "-A")
        committer = committer or author
        env = {
            "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1],
        }
        if date:
            env["GIT_AUTHOR_DATE"] = date
            env["GIT_COMMITTER_DATE"] = committer_date or date
        elif committer_date:
            env["GIT_COMMITTER_DATE"] = committer_date
        args = ["commit", "-q", "-m", message]
        if sign:
            args.append("-S")
        if allow_empty:
            args.append("--allow-empty")
        self.git(*args, env=env)
        return self.head()

    def enable_ssh_signing(self) -> Path:
        """Sign with a throwaway SSH key (``commit(..., sign=True)``); the key lives next
        to the repository, not in it. Returns the public key's path."""
        key = self.path.parent / f"{self.path.name}-signing-key"
        if not key.exists():
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test",
                            "-f", str(key)], check=True, capture_output=True)
        self.git("config", "gpg.format", "ssh")
        self.git("config", "user.signingkey", str(key))
        return key.with_suffix(".pub")

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str, start: str = "HEAD") -> None:
        self.git("branch", name, start)

    def checkout(self, ref: str) -> None:
        self.git("checkout", "-q", ref)

    def merge(
        self, ref: str, message: str, *, date: str | None = None,
        author: tuple[str, str] = DEFAULT_AUTHOR, committer: tuple[str, str] | None = None,
    ) -> str:
        """A true merge commit (``--no-ff``) of ``ref`` into the current branch."""
        committer = committer or author
        env = {
            "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1],
        }
        if date:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
        self.git("merge", "-q", "--no-ff", "-m", message, ref, env=env)
        return self.head()

    def tag(self, name: str, ref: str = "HEAD", *, message: str | None = None,
            date: str | None = None, tagger: tuple[str, str] = DEFAULT_AUTHOR) -> None:
        """A lightweight tag, or an annotated one when ``message`` is given (its tagger
        date is ``date``)."""
        if message is None:
            self.git("tag", name, ref)
            return
        env = {"GIT_COMMITTER_NAME": tagger[0], "GIT_COMMITTER_EMAIL": tagger[1]}
        if date:
            env["GIT_COMMITTER_DATE"] = date
        self.git("tag", "-a", name, "-m", message, ref, env=env)
