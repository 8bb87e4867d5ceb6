"""``python -m reformpress`` runs the CLI."""

from reformpress.cli import main

main()
