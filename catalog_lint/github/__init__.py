"""GitHub integration: the REST client, the Actions environment, workflow commands and
the pull-request comment. Imported only by the commands that talk to GitHub."""
