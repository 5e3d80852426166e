"""Worker: the sequential baseline, what the seed guide does: one request after another, a plain httpx loop.

    python bench/sequential.py NUMBER RUNS BASE_URL CA_FILE     (TELNYX_API_KEY in the environment)

It reads the same resources the doctor reads for a US long code (messaging settings, the inventory record,
the profile, the 10DLC assignment, the campaign and its operation status, the brand) and posts to the
profile's webhook and failover URLs, each step waiting for the one before. Prints the wall time of each run
and of each API request, as JSON; the first run (imports, connection set-up) is left out.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import httpx


def run(number: str, base_url: str, ca_file: str, requests: list[float]) -> float:
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {os.environ['TELNYX_API_KEY']}"}
    with httpx.Client(base_url=base_url, headers=headers) as api, httpx.Client(verify=ca_file) as hooks:

        def get(path: str, **params: Any) -> Any:
            sent = time.perf_counter()
            answer = api.get(path, params=params)
            requests.append((time.perf_counter() - sent) * 1000)
            answer.raise_for_status()
            return answer.json()

        settings = get("/phone_numbers/messaging", **{"filter[phone_number]": number})["data"][0]
        get("/phone_numbers", **{"filter[phone_number]": number.lstrip("+")})
        profile = get(f"/messaging_profiles/{settings['messaging_profile_id']}")["data"]
        assignment = get(f"/10dlc/phone_number_campaigns/{number}")
        campaign_id = assignment["telnyxCampaignId"] or assignment["campaignId"]
        campaign = get(f"/10dlc/campaign/{campaign_id}")
        get(f"/10dlc/campaign/{campaign_id}/operationStatus")
        get(f"/10dlc/brand/{campaign['brandId']}")
        for url in (profile["webhook_url"], profile["webhook_failover_url"]):
            if url:
                hooks.post(url, json={"data": {"event_type": "message.received"}})
    return (time.perf_counter() - started) * 1000


def main() -> None:
    number, runs, base_url, ca_file = sys.argv[1:]
    run(number, base_url, ca_file, [])  # warm-up
    requests: list[float] = []
    walls = [run(number, base_url, ca_file, requests) for _ in range(int(runs))]
    print(json.dumps({"wall_ms": walls, "request_ms": requests}))


if __name__ == "__main__":
    main()
