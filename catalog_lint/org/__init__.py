"""The organisation's view: many repositories' reports read into one catalog.

``catalog-lint org`` reads the JSON reports that ``catalog-lint check`` wrote in each
repository's CI (and catalog exports), and builds one document from them:

- :mod:`.loading` finds the report files and reads each one defensively (size cap, JSON,
  schema, version) into a compact :class:`~.model.Source`, on every core for many files;
- :mod:`.build` puts the latest report of each repository together: every entity with
  its repository, file and line, references resolved across repositories, dangling ones
  with "did you mean" (:mod:`.suggest`), entities defined in two repositories, owners;
- :mod:`.maturity` aggregates levels per team, domain and system, ranks the failing
  rules by the entities they hold back, and lists DORA figures per repository;
- :mod:`.trends` lines up reports of one repository from several dates.

The result is plain JSON (``schemas/org.schema.json``); :mod:`.render` and
:mod:`catalog_lint.dashboard` show it and compute nothing.
"""
