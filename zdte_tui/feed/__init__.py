"""The headless feed: the polling policy that drives the monitor (and the relay to come).

Which symbol next, one request in flight, the day's budget, backoff, the held windows and their
incremental merge (`feed`), and the rules it paces by (`policy`, `merge`). Imports the wire
contract, never Textual.
"""
