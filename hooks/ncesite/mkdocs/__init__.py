"""The MkDocs side of the site: the `ncesite` plugin (plugin.py) and what it needs."""
