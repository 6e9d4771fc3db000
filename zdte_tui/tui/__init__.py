"""The Textual monitor. Widgets render a view model and never fetch; workers post messages."""
