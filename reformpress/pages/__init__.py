"""What readers get: the plan of every page and its rendering to HTML, feeds and the sitemap (pure)."""
