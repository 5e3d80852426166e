"""Registration checks by kind of sender: 10DLC, toll-free verification, short codes, sender IDs."""

from __future__ import annotations

from telnyx_doctor.checkapi import Check
from telnyx_doctor_checks import sender_ids, tendlc, tendlc_brand, tendlc_campaign, tollfree

CHECKS: list[Check] = [
    *tendlc.CHECKS,
    *tendlc_campaign.CHECKS,
    *tendlc_brand.CHECKS,
    *tollfree.CHECKS,
    *sender_ids.CHECKS,
]
