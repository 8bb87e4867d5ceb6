@echo off
rem Double-click to open the editing desk (reformpress edit) in the browser.
rem Closing this window stops the desk and its preview.
cd /d "%~dp0"
py build.py edit
if errorlevel 1 pause
