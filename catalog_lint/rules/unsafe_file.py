"""A file that is not a regular file inside the repository is not read.

Whoever writes a change controls every file of the repository, symbolic links and file
types included. catalog-lint reads only regular files that lie inside the repository, so
a committed link cannot make it read (and echo) a file of the machine it runs on, and a
special file cannot make it wait or exhaust memory:

- a symbolic link is followed only while its target stays inside the repository (in a
  commit, inside the commit's own tree); one leading out, to an absolute path or through
  ``..``, is refused;
- devices (``/dev/zero``), named pipes (FIFOs), sockets and submodules are refused
  without being opened.

Nothing else can be said about such a file, so this finding stands in for all of its
checks. Replace the link by the file itself, or point it at a file inside the repository.

FAIL (``a/catalog-info.yaml`` is a symbolic link to ``/etc/passwd``)::

    a/catalog-info.yaml:1:1: error unsafe-file symbolic link to /etc/passwd, outside the repository; not read

FAIL (``catalog-info.yaml`` is a named pipe)::

    catalog-info.yaml:1:1: error unsafe-file not a regular file but a named pipe (FIFO); not read

PASS (``catalog-info.yaml`` is a symbolic link to ``shared/catalog-info.yaml`` in the same
repository): the target is read as if it were the file.
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="unsafe-file",
    severity=Severity.ERROR,
    summary="A symbolic link leading outside the repository, or a device, FIFO or socket: "
            "not read.",
    scope="file",
)
