"""Text as editors write it and readers see it: Chinese, dates, slugs, YAML, Markdown → HTML.

Pure functions of their arguments; nothing here reads a site or knows about builds.
"""
