"""Whether the API key may travel to a base URL: over https, or plain http only to this machine.

Standard library only: the monitor's entry point checks this before its first frame, and httpx
and pydantic load after it.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from zdte_tui.api.errors import InsecureTransportError


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_key_transport(base_url: str, api_key: str | None, allow_insecure: bool = False) -> None:
    """Refuse to send a key over plain http:// to anything but this machine, unless allowed."""
    url = urlsplit(base_url)  # the scheme lower-cased, the host too; a malformed URL raises
    host = url.hostname or ""
    if api_key and url.scheme == "http" and not is_loopback(host) and not allow_insecure:
        raise InsecureTransportError(
            f"refusing to send the API key over plain http:// to {host}; use https://, "
            "a loopback address, or --insecure if you really mean it"
        )
