"""Blueprint sets from outside the repository: installed packages (entry point group
``catalog_lint.blueprints``) and git repositories pinned in ``catalog-lint.lock``.

- :mod:`.resolve`: a configured source → a folder (used by every run that names one);
- :mod:`.packages`: entry points → package folders;
- :mod:`.gitfetch`: git, run safely (URL and ref checks, no hooks, timeouts, redaction);
- :mod:`.cache`: the cache folder and content hashes; :mod:`.lock`: the lock file;
- :mod:`.locking`: ``catalog-lint blueprints lock``; :mod:`.manifest`: ``blueprint-set.yaml``.

Nothing here is imported by a run whose configuration names only folders.
"""
