"""``python -m reformpress`` runs the CLI."""

from reformpress.commands.cli import main

main()
