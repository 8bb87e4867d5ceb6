"""The site's own files — site.yaml, the series folders, the case files, their pictures — read and checked.

The first stages of a build: :mod:`.sources` reads, :mod:`.checks` checks (every problem with
its file and line), :mod:`.schema` declares every field an editor may write.
"""
