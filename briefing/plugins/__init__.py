"""Briefing's Pelican plugins, in the order ``pelicanconf.PLUGINS`` lists them.

==========================  ======================================  ==========================
plugin                      signal                                  adds
==========================  ======================================  ==========================
``site_settings``           ``initialized``, ``generator_init``     defaults, template globals
``item_reader``             ``readers_init``                        the contract's reader
``slugs``                   ``article_generator_pretaxonomy``       unique item slugs
``tags``                    ``article_generator_pretaxonomy``       one tag per spelling (and,
                            ``article_generator_finalized``         fast term membership)
``feed_ids``                ``article_generator_pretaxonomy``       unique feed ids
``editions``                ``get_generators``                      editions, edition pages
``related``                 ``article_generator_finalized``         related items by tags
``feeds``                   ``get_generators``                      the site's feeds
``sitemap``                 ``get_generators``                      sitemap.xml, robots.txt
==========================  ======================================  ==========================
"""
