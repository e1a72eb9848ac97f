"""Checks for what editors type: Dutch postcodes, phone numbers and dates, web and e-mail addresses.

Each function returns the value as the social map stores it, or raises ValueError with a Dutch
message an editor can act on. The editors' form and the CSV template both use them, before the
record goes through the same HSDS validation as every import.
"""

from __future__ import annotations

import datetime as dt
import re

_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def postcode(text: str) -> str:
    """'5701ab' -> '5701 AB'. SA, SD and SS are never used in Dutch postcodes."""
    match = _POSTCODE.match(text.strip())
    if not match or match.group(2).upper() in ("SA", "SD", "SS"):
        raise ValueError(f"'{text.strip()}' is geen Nederlandse postcode; schrijf vier cijfers en twee letters,"
                         " bijvoorbeeld 5701 AB")
    return f"{match.group(1)} {match.group(2).upper()}"


def phone(text: str) -> str:
    """A Dutch phone number as written ('0492-123456'), checked on its digits.

    Allowed: ten digits starting with 0 (landline and mobile), 0800/0900/0880 numbers of 8 to 11
    digits, +31 or 0031 followed by nine digits, and short numbers such as 112, 113 and 14 0492.
    """
    written = " ".join(text.split())
    digits = re.sub(r"[\s\-().]", "", written)
    if digits.startswith("+31"):
        ok = re.fullmatch(r"\+31[1-9]\d{8}", digits) is not None
    elif digits.startswith("0031"):
        ok = re.fullmatch(r"0031[1-9]\d{8}", digits) is not None
    elif digits.startswith(("0800", "0900", "0880", "0906", "0909")):
        ok = re.fullmatch(r"0\d{7,10}", digits) is not None
    elif digits.startswith("0"):
        ok = re.fullmatch(r"0[1-9]\d{8}", digits) is not None
    else:
        ok = re.fullmatch(r"11\d|116\d{3}|14\d{3,4}", digits) is not None  # 112, 113, 116 123, 14 0492
    if not ok:
        raise ValueError(f"'{written}' is geen Nederlands telefoonnummer; schrijf bijvoorbeeld 0492-123456,"
                         " 06-12345678 of 0800-1234")
    return written


def date(text: str) -> str:
    """'2026-03-01', '1-3-2026' or '01/03/2026' -> '2026-03-01' (ISO, as HSDS stores dates)."""
    value = text.strip()
    match = _DUTCH_DATE.match(value)
    try:
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1))).isoformat()
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"'{value}' is geen geldige datum; schrijf bijvoorbeeld 1-3-2026 of 2026-03-01") from None


def url(text: str) -> str:
    value = text.strip()
    if not _URL.match(value):
        raise ValueError(f"'{value}' is geen webadres; het begint met https:// of http://,"
                         " bijvoorbeeld https://www.voorbeeld.nl")
    return value


def email(text: str) -> str:
    value = text.strip()
    if not _EMAIL.match(value):
        raise ValueError(f"'{value}' is geen e-mailadres; schrijf bijvoorbeeld info@voorbeeld.nl")
    return value
