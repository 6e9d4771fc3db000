"""Where the endpoint is: FlashAlpha's base URL and the series path under any base URL (kept
apart from the client so that the settings, and the monitor's first frame, need no httpx)."""

SERIES_PATH = "/v1/flow/zero-dte/series/"
DEFAULT_BASE_URL = "https://lab.flashalpha.com"
