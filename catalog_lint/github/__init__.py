"""GitHub integration: the REST client, where the token may go (``access``), the Actions
environment, workflow commands and the pull-request comment. Imported only by the
commands that talk to GitHub, except ``options`` (click only), which every command that
may send the token uses for ``--github-api-url``."""
