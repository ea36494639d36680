"""Views: the values pages show, computed once from the model; templates only render them.

One module per page kind or page: cluster_page, partner_page, directory, map,
timeline, statistics; `site` is what hand-written pages see as `site.`, and
`summary` is a cluster as lists show it.
"""
