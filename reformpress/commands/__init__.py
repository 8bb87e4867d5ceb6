"""The command line and what each command does beside building: check, serve, new, init, import-docx."""
