"""Readers and machines: the public pages, feeds, sitemaps, structured data and search."""
