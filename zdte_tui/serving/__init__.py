"""The endpoint's serving rules, one implementation for every server of the series.

Window and last-in-bucket downsampling (`window`), keys, plans and daily quotas (`access`), the
request checks and error bodies with a framework-free endpoint (`endpoint`), and the same
endpoint as a FastAPI app (`app`). The lab serves its simulated market through them, and the
relay its upstream-fed store: both are a `SeriesSource`. Imports the wire contract, never the lab
nor Textual.
"""
