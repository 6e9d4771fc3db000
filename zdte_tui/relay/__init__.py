"""The relay (issue 15, in progress): one desk key, many screens. Today: its raw store."""
