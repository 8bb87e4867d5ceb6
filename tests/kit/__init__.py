"""The test kit: every helper more than one test module uses lives here, and test modules import only from here.

A test module never imports another test module (tests/test_test_kit.py checks it); a helper that a
second module needs moves into the kit. The kit's modules, by what they hold:

- ``site``: a scratch site on disk — :class:`~tests.kit.site.SiteDir` (write, build, run the CLI, read a page),
  ``SITE_YAML``/``SERIES_YAML`` and :func:`~tests.kit.site.case_text` for a small inline site, ``copy_example``,
  ``make_image``, ``snapshot`` (every output file's bytes), ``report_of`` (a failed build's report lines),
  ``internal_links``, ``write_many_filters_site``.
- ``findsite``: the inline site of the finding-things tests (search, feeds, sitemap, taxonomies) and what
  a reader must find in it: ``CASES``, ``published``, ``newest_first``, ``write_find_site``.
- ``example``: the repo's own example site — its report files, their front matter, ``PAGE_KINDS``.
- ``incremental``: cached builds compared with clean ones — ``build`` (no search index), ``with_figure``,
  ``clean_build``, ``edit``, ``CHANGES``.
- ``cli``: the editors' commands as a real process (``run_cli``, ``cli_env``) and real .docx files.
- ``browser``: ``SiteServer`` (a built site over HTTP) and axe-core, layout and screenshot helpers.
- ``nginx``: Debian's nginx serving a built site, and a crawler.
- ``pdf``: the text of a PDF Chromium printed.
- ``search``: the indexed text of every article and phrases sampled from it, for recall (also bench/search_browser.py).

Fixtures (``site``, ``example_site``, ``find_site``, ``example_server``, ``settled``, the browser) are in tests/conftest.py.
"""
