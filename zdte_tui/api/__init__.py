"""The wire contract of `GET /v1/flow/zero-dte/series/{symbol}`: models, bar sizes, client, errors.

Nothing in this package imports Textual or the lab.
"""
