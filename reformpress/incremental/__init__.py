"""The machinery around the pure stages: cache, up-to-date check, quick rebuild after edits, worker processes, memory.

Nothing in the stages imports from here; the pipeline wraps them with it (see
:mod:`reformpress.incremental.cache` for the cache's kinds).
"""
