"""``catalog-lint fix``: the fixes rules offer, applied to the files.

Rules produce fixes (a :class:`~catalog_lint.findings.Fix` on a finding); this package
applies them: :mod:`.engine` runs the checks and repeats until nothing more changes,
:mod:`.edit` turns each fix into an edit of the file's text at the exact place and checks
the result, :mod:`.render` writes a scalar in the style around it, :mod:`.overlay` keeps
the passes in memory and :mod:`.writing` writes the files (or shows the diff).
"""
