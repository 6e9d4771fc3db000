"""zdte-tui: a terminal monitor for FlashAlpha's Zero-DTE Flow Series, and a lab that serves it."""

__version__ = "0.1.0"
