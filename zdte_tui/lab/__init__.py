"""The lab: a simulated 0DTE market and a faithful local implementation of the series endpoint.

Imports the `api` models, never Textual.
"""
