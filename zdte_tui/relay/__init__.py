"""The relay (issue 15, in progress): one desk key, many screens. Today: its raw store and its
upstream poller; the HTTP server and `zdte-tui relay` are still to come."""
