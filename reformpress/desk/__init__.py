"""The editing desk (``reformpress edit``): Decap CMS in the browser over the site's own files.

``casefile`` turns a case file into the form's values and back without loss; ``decap_config``
makes the desk's configuration from the site; ``api`` answers Decap's local-backend protocol;
``server`` serves the desk page, the vendored bundle (``decap/``, refreshed by
``scripts/refresh-decap.sh``) and the API on 127.0.0.1 behind a per-session secret.
"""
