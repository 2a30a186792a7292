"""Briefing's Pelican plugins, in the order :data:`pipeline.PIPELINE` lists them.

==========================  ======================================  ==========================
plugin                      signal                                  adds
==========================  ======================================  ==========================
``build_state``             ``initialized`` (first)                 one state object per build
``site_settings``           ``initialized``, ``generator_init``     defaults, template globals
``theme_templates``         ``initialized``                         stops if the theme lacks one
``page_writer``             ``get_writer``,                         pages rendered in parallel,
                            ``finalized`` (first)                   only those that changed
``previews``                ``initialized``, ``*_finalized``,       drafts' previews in
                            ``finalized``                           development builds only
``item_reader``             ``readers_init``,                       the contract's reader, its
                            ``article_generator_init``,             cache, reading in parallel
                            ``finalized``
``restored_items``          ``article_generator_init``,             unchanged items taken whole
                            ``*_pretaxonomy`` (first),              from the last build
                            ``finalized``
``period_archives``         ``article_generator_init``              period archives, one pass
``slugs``                   ``article_generator_pretaxonomy``       unique item slugs
``tags``                    ``article_generator_pretaxonomy``       one tag per spelling (and,
                            ``article_generator_finalized``         fast term membership)
``feed_ids``                ``article_generator_pretaxonomy``       unique feed ids
``editions``                ``get_generators``                      editions, edition pages
``related``                 ``article_generator_finalized``         related items by tags
``corrections``             ``article_generator_finalized``         corrected items, their
                            ``get_generators``                      page; future dates: errors
``feeds``                   ``get_generators``                      the site's feeds
``sitemap``                 ``get_generators``                      sitemap.xml, robots.txt
``search``                  ``initialized``,                        the search index (Pagefind)
                            ``article_generator_finalized``,        of the listed items
                            ``finalized``
``redirects``               ``all_generators_finalized``,           old addresses: redirect and
                            ``finalized``                           withdrawn pages, _redirects
``http_headers``            ``finalized``                           ``_headers`` for CDNs
``precompress``             ``finalized``                           .gz and .br copies (last)
==========================  ======================================  ==========================
"""
