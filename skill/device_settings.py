"""The time zone set on the person's Echo, from Alexa's Settings API, so "yesterday" means
their yesterday. Asked once a session, only when notes are read by date; on any failure the
configured zone is used."""
from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests

log = logging.getLogger(__name__)
TIMEOUT_S = 1.0  # the whole answer must come within Alexa's 8 seconds


def device_time_zone(api_endpoint: str, device_id: str, token: str) -> str | None:
    url = f"{api_endpoint.rstrip('/')}/v2/devices/{device_id}/settings/System.timeZone"
    try:
        reply = requests.get(url, headers={"Authorization": f"Bearer {token}"},
                             timeout=TIMEOUT_S)
        if reply.status_code != 200:
            log.warning("time zone lookup answered %s", reply.status_code)
            return None
        zone = reply.json()
        ZoneInfo(zone)  # refuses anything that is not a known zone name
        return zone
    except (requests.RequestException, ValueError, TypeError, ZoneInfoNotFoundError) as error:
        log.warning("time zone lookup failed: %s", type(error).__name__)
        return None
