"""Thin entry point: ``python build.py <command>`` is ``reformpress <command>``."""

from reformpress.cli import main

if __name__ == "__main__":
    main()
