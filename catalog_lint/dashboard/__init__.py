"""The dashboard page: ``catalog-lint org --format html`` and ``score --format html``
(one self-contained HTML file; see :mod:`.page`)."""
