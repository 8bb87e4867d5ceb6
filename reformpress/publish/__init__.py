"""Putting a built site in place: the output folder replaced whole, pictures without personal data, the search index, the link check."""
