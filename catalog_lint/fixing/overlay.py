"""A snapshot with some files replaced in memory: each pass of ``fix`` reads the files as
the earlier passes left them, and nothing touches the disk until the end (or ever, with
``--diff``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from catalog_lint.regular_files import FileTooLarge
from catalog_lint.snapshot import Snapshot


class OverlaySnapshot(Snapshot):
    def __init__(self, base: Snapshot) -> None:
        self.base = base
        self.root = base.root
        self.label = base.label
        self.cwd = getattr(base, "cwd", base.root)  # where findings' file names start
        self.files: dict[str, bytes] = {}  # path -> the bytes a pass left

    @property
    def read_limit(self) -> int:
        return self.base.read_limit

    @read_limit.setter
    def read_limit(self, value: int) -> None:
        self.base.read_limit = value

    def replace(self, path: str, data: bytes) -> None:
        self.files[path] = data

    def original(self, path: str) -> bytes:
        return self.base.read_bytes(path)

    def list_files(self, under: str = "") -> list[str]:
        return self.base.list_files(under)

    def read_bytes(self, path: str) -> bytes:
        data = self.files.get(path)
        if data is None:
            return self.base.read_bytes(path)
        if len(data) > self.read_limit:
            raise FileTooLarge(self.read_limit, len(data))
        return data

    def read_repository_file(self, path: str) -> bytes:
        return self.base.read_repository_file(path)

    def is_file(self, path: str) -> bool:
        return self.base.is_file(path)

    def is_dir(self, path: str) -> bool:
        return self.base.is_dir(path)

    def leads_outside(self, path: str) -> bool:
        return self.base.leads_outside(path)

    def prefetch(self, paths: Iterable[str]) -> None:
        self.base.prefetch(paths)

    def display(self, path: str) -> str:
        return self.base.display(path)

    @property
    def git_dir(self) -> Path | None:
        return self.base.git_dir

    @property
    def revision(self) -> str | None:
        return self.base.revision

    def close(self) -> None:
        self.base.close()
