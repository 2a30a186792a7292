"""Serving the output: media types, precompression, the _headers file,
redirects of old addresses, the local server (pure parts).
"""
