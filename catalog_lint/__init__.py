"""catalog-lint: the GitOps gate for software catalog files."""

__version__ = "0.1.0"
