"""leadlint: an SEO and content-quality linter for Jekyll blog archives."""

__version__ = "0.1.0"
