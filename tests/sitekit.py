"""Not part of the test kit: kept only for bench/search_browser.py, which imports ``tests.sitekit.SiteServer``.

Tests import from :mod:`tests.kit`. Once the bench imports ``tests.kit.browser.SiteServer``, delete this file.
"""

from .kit.browser import SiteServer

__all__ = ["SiteServer"]
