"""The site model: checked content assembled into articles, series, indexes and related news (pure)."""
