#!/bin/sh
# Double-click (macOS Finder) or run to open the editing desk (reformpress edit) in the browser.
# Closing this window, or Ctrl+C, stops the desk and its preview.
cd "$(dirname "$0")" || exit 1
exec python3 build.py edit
