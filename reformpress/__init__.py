"""reformpress: a static site generator for series of reform-achievement reports."""

__version__ = "0.1.0"
