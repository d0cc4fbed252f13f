"""``catalog-lint init``: a first entity file for a repository that has none.

:mod:`.guess` reads what the repository says (remote, CODEOWNERS, README, files present),
:mod:`.plan` turns the guesses (and answers) into values and says where each came from,
:mod:`.document` writes them as YAML that reads back as exactly those values.
"""
