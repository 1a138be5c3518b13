"""Cell cleaners: small pure functions that turn one raw cell into a normalised value.

Every function here raises only ValueError (with a reason the user can read) for bad input, so a
caller can reject the row and carry on. They are called once per cell on 100k-row files: the
common case takes a fast path (plain ASCII text, `yyyy-mm-dd hh:mm:ss`, `123.45`) before any of
the general regexes run.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .records import CLOSED, COMPLETED, PAID, PENDING, REFUNDED, SHIPPED

# Converters whose inputs repeat a lot within a file (statuses, addresses) remember their
# results in plain dicts; a dict stops growing at this size (a hostile file cannot exhaust
# memory through it), and lookups of values already seen stay fast.
CACHE_LIMIT = 50_000

# --------------------------------------------------------------------------------------------
# Text

# C0 controls except tab/newline/CR, DEL, and U+FFFD (a replacement character means the text was
# already damaged upstream; RELIABILITY 29 wants none stored).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
# Excel's "keep this as text" idiom in CSV exports: ="2039…" (Taobao, Alipay).
_EXCEL_TEXT_RE = re.compile(r'^="(.*)"$', re.DOTALL)
_SPECIAL_FIRST = frozenset(" ='")


def _cell_to_str(value: object) -> str:
    """Render a non-text cell as the text a user would see in the spreadsheet."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def clean_text(value: object) -> str:
    """Return the cell as clean text: trimmed, unwrapped from `="…"`, no leading `'`, no controls.

    Everything else is kept exactly (a buyer called `=HYPERLINK(…)` stays that text); the
    exporter neutralises formulas when the CRM writes files.
    """
    if value.__class__ is str:
        s: str = value
        if not s:
            return s
        # Fast path: printable text (no tabs, newlines, controls, odd spaces) that does not
        # start with a space, `=` or `'` and does not end with a space is already clean.
        if s.isprintable() and s[-1] != " " and "\ufffd" not in s:
            first = s[0]
            if first not in _SPECIAL_FIRST:
                return s
            # Excel's text mark on phones and ids ('13800138000): the careful path below strips
            # just the mark when the rest does not start with a space.
            if first == "'" and s[1:2] != " ":
                return s[1:]
    elif value is None:
        return ""
    else:
        s = _cell_to_str(value)
        if not s:
            return s
    if not s.isprintable() or "\ufffd" in s:
        # Only cells with tabs, newlines, non-ASCII spaces or controls get here.
        s = _CONTROL_RE.sub("", s).replace("\r\n", "\n").replace("\r", "\n")
    s = s.strip()
    if s[:2] == '="':
        m = _EXCEL_TEXT_RE.match(s)
        if m:
            s = m.group(1).strip()
    if s[:1] == "'":
        s = s[1:].strip()
    return s


def text_or_none(value: object) -> str | None:
    """Return clean_text of a cell, or None when that is empty (a blank or missing cell)."""
    if value.__class__ is str:
        s: str = value  # type: ignore[assignment]
        if not s:
            return None
        if s.isprintable() and s[0] not in _SPECIAL_FIRST and s[-1] != " " and "\ufffd" not in s:
            return s  # clean_text's fast path, inline
        return clean_text(s) or None
    if value is None:
        return None
    return clean_text(value) or None


def is_blank(value: object) -> bool:
    """Return True for None, empty and whitespace-only cells."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return False


# --------------------------------------------------------------------------------------------
# Order ids

_SCI_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_INT_DOT_ZERO_RE = re.compile(r"^(\d+)\.0+$")


def clean_order_id(value: object) -> str:
    """Return an order id as text; ids destroyed into scientific notation raise ValueError.

    Ids are never checked for length (DESIGN §2). Numeric xlsx cells become integer text.
    """
    if value.__class__ is str:
        v: str = value
        if v.isascii():
            if v.isdigit():
                return v
            # Taobao's ="2039…" protection around a plain numeric id.
            if v[:2] == '="' and v[-1:] == '"' and v[2:-1].isdigit():
                return v[2:-1]
            # Already-clean text that cannot be scientific notation or `123.0` (Shopify's
            # `#1001`): what the careful path below would return unchanged.
            if (
                v
                and v.isprintable()
                and v[0] not in _SPECIAL_FIRST
                and v[-1] != " "
                and "." not in v
                and "e" not in v
                and "E" not in v
            ):
                return v
    if isinstance(value, bool):
        raise ValueError(f"order id is not text: {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("missing order id")
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        raise ValueError(
            f"order id stored as a number ({value:.6G}): its digits were lost, "
            "re-export the file with ids as text"
        )
    s = clean_text(value)
    if "\t" in s:
        s = s.replace("\t", "")
    if not s:
        raise ValueError("missing order id")
    if _SCI_RE.match(s):
        raise ValueError(
            f"order id in scientific notation ({s}): its digits were lost, "
            "re-export the file with ids as text"
        )
    m = _INT_DOT_ZERO_RE.match(s)
    if m:
        s = m.group(1)
    return s


# --------------------------------------------------------------------------------------------
# Money

_PLAIN_MONEY_RE = re.compile(r"(-?)(\d+)(?:\.(\d{1,2}))?")
# After NFKC: currency signs, codes and words sellers put around amounts.
_CURRENCY_RE = re.compile(
    r"(?i)(?:(?:us|au|hk|nt|ca|a|c)\s*\$|(?:jp|cn)\s*¥|rmb|cny|usd|eur|gbp|hkd|jpy|aud|cad|twd"
    r"|人民币|人民幣|美元|美金|欧元|歐元|英镑|英鎊|日元|日圆|日圓|円|港币|港幣|港元|澳元|澳币"
    r"|加元|加币|新台币|新台幣|台币|台幣|元|圆|¥|\$|€|£)"
)
_SPACES_RE = re.compile(r"[\s\u00a0\u2009\u202f]+")
_NUMBER_RE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")
_THOUSANDS_COMMA_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+")
_THOUSANDS_DOT_RE = re.compile(r"[+-]?\d{1,3}(?:\.\d{3}){2,}")
_CENT = Decimal(100)
_MAX_AMOUNT = Decimal(10**15)  # far above any order; keeps minor units inside SQLite's int64


def _decimal_to_minor(d: Decimal, raw: object) -> int:
    """Convert a Decimal amount to integer minor units, rounding half up."""
    if not d.is_finite():
        raise ValueError(f"amount is not a number: {raw!r}")
    if abs(d) > _MAX_AMOUNT:
        raise ValueError(f"amount is implausibly large: {raw!r}")
    cents = (d * _CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(cents)


# float cell → minor units, for the floats the fast path read.
_FLOAT_MONEY_SEEN: dict[float, int] = {}


def parse_money(
    value: object, *, decimal_comma: bool | None = None, default: int | None = None
) -> int:
    """Parse an amount (`¥1,234.50`, `116,99 €`, `12.00元`, a float cell) into minor units.

    Args:
        value: the cell.
        decimal_comma: True when the export's locale writes `12,34`; None guesses per value
            (a comma followed by exactly three digits is a thousands separator).
        default: returned for a blank cell; None makes a blank cell an error.
    """
    cls = value.__class__
    if cls is str:
        # Fast path: ASCII `123`, `123.4`, `123.45` (what the regex below reads the same way),
        # whole part at most 15 digits (the regex path refuses longer ones).
        s = value  # type: ignore[assignment]
        n = len(s)
        if 0 < n <= 18 and s.isascii():
            if s.isdigit():
                if n <= 15:
                    return int(s) * 100
            elif n >= 4 and s[-3] == ".":
                digits = s[:-3] + s[-2:]
                if digits.isdigit():
                    return int(digits)
            elif 3 <= n <= 17 and s[-2] == ".":
                digits = s[:-2] + s[-1]
                if digits.isdigit():
                    return int(digits) * 10
    elif cls is float:
        # Fast path: a float whose shortest repr has at most two decimals is exact in cents
        # (what the Decimal path below computes). Amounts repeat: remember them.
        cents = _FLOAT_MONEY_SEEN.get(value)  # type: ignore[call-overload]
        if cents is not None:
            return cents
        whole, dot, frac = repr(value).partition(".")
        if dot and len(frac) <= 2 and len(whole) <= 15 and whole.isdigit() and frac.isdigit():
            cents = int(whole) * 100 + (int(frac) * 10 if len(frac) == 1 else int(frac))
            if len(_FLOAT_MONEY_SEEN) < CACHE_LIMIT:
                _FLOAT_MONEY_SEEN[value] = cents  # type: ignore[index]
            return cents
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is not None:
            return default
        raise ValueError("amount is blank")
    if isinstance(value, bool):
        raise ValueError(f"amount is not a number: {value!r}")
    if isinstance(value, int):
        if abs(value) > _MAX_AMOUNT:
            raise ValueError(f"amount is implausibly large: {value!r}")
        return value * 100
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"amount is not a number: {value!r}")
        # repr gives the shortest string that round-trips, so 19.99 is '19.99', not 19.989999…
        return _decimal_to_minor(Decimal(repr(value)), value)
    if not isinstance(value, str):
        raise ValueError(f"amount is not a number: {value!r}")
    s = value.strip()
    m = _PLAIN_MONEY_RE.fullmatch(s)
    if m:
        sign, whole, frac = m.groups()
        if len(whole) > 15:
            raise ValueError(f"amount is implausibly large: {value!r}")
        cents = int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
        return -cents if sign else cents
    return _parse_money_text(s, value, decimal_comma)


def _parse_money_text(s: str, raw: object, decimal_comma: bool | None) -> int:
    """Parse the uncommon money spellings (symbols, separators, full-width digits)."""
    s = unicodedata.normalize("NFKC", clean_text(s))
    s = _CURRENCY_RE.sub("", s)
    s = _SPACES_RE.sub("", s)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.startswith("-"):
        negative, s = not negative, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if "," in s or "'" in s:
        s = s.replace("'", "")
        if decimal_comma is True:
            s = s.replace(".", "").replace(",", ".")
        elif decimal_comma is False:
            s = s.replace(",", "")
        elif "." in s:
            # Both separators: whichever comes last is the decimal point.
            if s.rfind(",") > s.rfind("."):
                s = s.replace(".", "").replace(",", ".")
            else:
                s = s.replace(",", "")
        elif _THOUSANDS_COMMA_RE.fullmatch(s):
            s = s.replace(",", "")
        elif s.count(",") == 1:
            s = s.replace(",", ".")
        else:
            raise ValueError(f"amount is not a number: {raw!r}")
    elif (
        decimal_comma is True
        and _THOUSANDS_DOT_RE.fullmatch(s)
        or (decimal_comma is True and s.count(".") == 1 and len(s) - s.index(".") == 4)
    ):
        s = s.replace(".", "")
    elif _THOUSANDS_DOT_RE.fullmatch(s):
        s = s.replace(".", "")
    if not _NUMBER_RE.fullmatch(s):
        raise ValueError(f"amount is not a number: {raw!r}")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"amount is not a number: {raw!r}") from None
    cents = _decimal_to_minor(d, raw)
    return -cents if negative else cents


# Currency marks → ISO code, most specific first: a money cell is searched for them in this
# order (`AU $3.00`: `au$` before `$`; `100美元`: `美元` before `元`), a currency cell must be
# made of them. `¥` alone is read as CNY (it is JPY's sign too; Chinese shops are the CRM's
# first users), `$` alone as USD.
_CURRENCY_MARKS = (
    ("€", "EUR"),
    ("eur", "EUR"),
    ("欧元", "EUR"),
    ("歐元", "EUR"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("英镑", "GBP"),
    ("英鎊", "GBP"),
    ("au$", "AUD"),
    ("aud", "AUD"),
    ("澳元", "AUD"),
    ("澳币", "AUD"),
    ("ca$", "CAD"),
    ("c$", "CAD"),
    ("cad", "CAD"),
    ("加元", "CAD"),
    ("加币", "CAD"),
    ("a$", "AUD"),  # after `ca$`, which ends with it
    ("hk$", "HKD"),
    ("hkd", "HKD"),
    ("港币", "HKD"),
    ("港幣", "HKD"),
    ("港元", "HKD"),
    ("nt$", "TWD"),
    ("twd", "TWD"),
    ("新台币", "TWD"),
    ("新台幣", "TWD"),
    ("台币", "TWD"),
    ("台幣", "TWD"),
    ("jp¥", "JPY"),
    ("jpy", "JPY"),
    ("日元", "JPY"),
    ("日圆", "JPY"),
    ("日圓", "JPY"),
    ("円", "JPY"),
    ("cn¥", "CNY"),
    ("rmb", "CNY"),
    ("cny", "CNY"),
    ("人民币", "CNY"),
    ("人民幣", "CNY"),
    ("us$", "USD"),
    ("usd", "USD"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("元", "CNY"),  # after every `…元` above
    ("圆", "CNY"),
    ("¥", "CNY"),
    ("$", "USD"),
)
# A currency cell may also say it in words.
_CURRENCY_NAMES = {
    **dict(_CURRENCY_MARKS),
    "yuan": "CNY",
    "renminbi": "CNY",
    "euro": "EUR",
    "euros": "EUR",
    "yen": "JPY",
    "usdollar": "USD",
    "usdollars": "USD",
}
# A cell made of several marks (`RMB ¥`, `人民币（元）`, `USD $`): the longest mark first.
_CURRENCY_PIECE_RE = re.compile(
    "|".join(re.escape(m) for m in sorted(_CURRENCY_NAMES, key=len, reverse=True))
)
_CURRENCY_PUNCT = str.maketrans("", "", "()[]【】/.,:;-·")
# currency cell text → ISO code, for texts already read.
_CURRENCY_SEEN: dict[str, str] = {}


def currency_of(value: object) -> str | None:
    """Return the ISO currency a money cell names (`$12.34`, `116,99 €`, `AU $3.00`), or None."""
    if value.__class__ is not str or not value:
        return None
    s = "".join(str(value).split()).casefold()
    if s.isdigit():
        return None
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s)  # full-width ￥ and ＄
    for mark, code in _CURRENCY_MARKS:
        if mark in s:
            return code
    return None


def currency_code(value: object) -> str | None:
    """Return the ISO code a currency cell names, or None for a blank cell.

    Three ASCII letters are a code (`usd` → USD, but `RMB` → CNY); signs and names are read
    through the marks above (`$`, `US$`, `¥`, `人民币`, `欧元`, `RMB ¥`). Every reader of a
    currency column uses this, so one currency is stored one way whatever the file.

    Raises:
        ValueError: `not a currency: '…'` for a cell that names no currency, or more than one.
    """
    if value.__class__ is str:
        code = _CURRENCY_SEEN.get(value)  # type: ignore[call-overload]
        if code is not None:
            return code
    text = clean_text(value)
    if not text:
        return None
    key = "".join(unicodedata.normalize("NFKC", text).split()).casefold()
    code = _CURRENCY_NAMES.get(key)
    if code is None and len(key) == 3 and key.isascii() and key.isalpha():
        code = key.upper()
    if code is None:
        key = key.translate(_CURRENCY_PUNCT)
        pieces = _CURRENCY_PIECE_RE.findall(key)
        codes = {_CURRENCY_NAMES[p] for p in pieces}
        if len(codes) == 1 and "".join(pieces) == key:
            code = codes.pop()
    if code is None:
        raise ValueError(f"not a currency: {text!r}")
    if value.__class__ is str and len(_CURRENCY_SEEN) < CACHE_LIMIT:
        _CURRENCY_SEEN[value] = code  # type: ignore[index]
    return code


def format_money(minor: int) -> str:
    """Format minor units as a plain decimal string with two places (`-12.30`)."""
    sign = "-" if minor < 0 else ""
    q, r = divmod(abs(minor), 100)
    return f"{sign}{q}.{r:02d}"


def parse_int(value: object, *, default: int | None = None) -> int:
    """Parse a whole count (quantity) from a cell; `2.0` is fine, `2.5` is not."""
    if value.__class__ is str:
        s: str = value  # type: ignore[assignment]
        if 0 < len(s) <= 18 and s.isascii() and s.isdigit():
            return int(s)  # fast path: what the careful path below reads the same way
    if is_blank(value):
        if default is not None:
            return default
        raise ValueError("number is blank")
    if isinstance(value, bool):
        raise ValueError(f"not a whole number: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise ValueError(f"not a whole number: {value!r}")
    s = unicodedata.normalize("NFKC", clean_text(value)).replace(",", "")
    m = _INT_DOT_ZERO_RE.match(s)
    if m:
        s = m.group(1)
    try:
        return int(s)
    except ValueError:
        raise ValueError(f"not a whole number: {value!r}") from None


# --------------------------------------------------------------------------------------------
# Dates and times

_MONTHS = {
    # English (eBay US/UK, Etsy) and German (eBay DE) abbreviations.
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "mär": 3,
    "mrz": 3,
    "apr": 4,
    "may": 5,
    "mai": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "okt": 10,
    "nov": 11,
    "dec": 12,
    "dez": 12,
}
_TIME = r"(?:[ T]+(\d{1,2})[:时](\d{1,2})分?(?:[:：](\d{1,2})(?:[.,](\d{1,9}))?秒?)?)?"
_TZ = r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?"
# Chinese Excel and WPS write times as `下午2:05`: to 24 hours (`14:05`).
_CN_AMPM_RE = re.compile(r"\s*(上午|早上|凌晨|中午|下午|傍晚|晚上)\s*(\d{1,2})(?=:)")
_CN_AFTERNOON = {"下午", "傍晚", "晚上"}


def _cn_24h(m: re.Match[str]) -> str:
    word, hour = m.group(1), int(m.group(2))
    if word in _CN_AFTERNOON and hour < 12:
        hour += 12
    elif word == "中午" and hour < 11:
        hour += 12
    elif word in ("上午", "早上", "凌晨") and hour == 12:
        hour = 0
    return f" {hour}"


_YMD_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?" + _TIME + _TZ)
_MDY_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})" + _TIME + r"\s*([AaPp][Mm])?" + _TZ)
_MON_D_Y_RE = re.compile(r"([A-Za-zäÄ]{3,4})\.?[- ](\d{1,2})[-, ]+(\d{4}|\d{2})" + _TIME + _TZ)
_D_MON_Y_RE = re.compile(r"(\d{1,2})[-. ]([A-Za-zäÄ]{3,4})\.?[-. ](\d{4}|\d{2})" + _TIME + _TZ)
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?")
_SERIAL_TEXT_RE = re.compile(r"\d{4,6}(?:\.\d+)?")
_EXCEL_1900 = datetime(1899, 12, 30)
_EXCEL_1904 = datetime(1904, 1, 1)
_MAX_SERIAL = 2958466  # 9999-12-31 in the 1900 system


def excel_serial_to_datetime(serial: float, *, date1904: bool = False) -> datetime:
    """Convert an Excel serial day number to a datetime in the 1900 or 1904 date system."""
    if not math.isfinite(serial) or serial < 1 or serial >= _MAX_SERIAL:
        raise ValueError(f"not a date: {serial!r}")
    days = math.floor(serial)
    seconds = round((serial - days) * 86400)
    if date1904:
        base = _EXCEL_1904
    else:
        if days == 60:
            raise ValueError("invalid date 1900-02-29 (Excel serial 60)")
        # Lotus 1-2-3 counted 1900 as a leap year; serials before 1 March 1900 are one off.
        base = _EXCEL_1900 if days > 60 else _EXCEL_1900 + timedelta(days=1)
    return base + timedelta(days=days, seconds=seconds)


_TZ_CACHE: dict[str, tzinfo] = {}


def _tz_from_text(text: str) -> tzinfo:
    """Turn `Z`, `+08:00`, `-0700` into a fixed offset (cached: a file repeats a few)."""
    tz = _TZ_CACHE.get(text)
    if tz is None:
        tz = _TZ_CACHE[text] = _make_tz(text)
    return tz


def _make_tz(text: str) -> tzinfo:
    """Build the fixed offset for a zone suffix."""
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"invalid time zone offset {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _to_local(dt: datetime, local_tz: tzinfo | None) -> datetime:
    """Convert an aware datetime to naive store-local time."""
    if dt.tzinfo is None:
        return dt
    try:
        local = dt.astimezone(local_tz)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"date out of range: {dt.isoformat()}") from exc
    # `local.replace(tzinfo=None)`, without replace()'s keyword parsing (~1 µs a call).
    return _combine(local.date(), local.time())


_combine = datetime.combine


def _build(
    raw: object,
    y: int,
    mo: int,
    d: int,
    hh: str | None,
    mi: str | None,
    ss: str | None,
    frac: str | None,
    tz: str | None,
    local_tz: tzinfo | None,
) -> datetime:
    """Build and validate a datetime from regex groups."""
    try:
        micro = int(frac[:6].ljust(6, "0")) if frac else 0
        dt = datetime(y, mo, d, int(hh or 0), int(mi or 0), int(ss or 0), micro)
    except ValueError:
        raise ValueError(f"invalid date {raw!r}") from None
    if tz:
        dt = _to_local(dt.replace(tzinfo=_tz_from_text(tz)), local_tz)
    return dt


def _two_digit_year(y: str) -> int:
    """Expand a two-digit year: marketplace exports are all from this century."""
    return 2000 + int(y) if len(y) == 2 else int(y)


def parse_datetime(
    value: object,
    *,
    date1904: bool = False,
    local_tz: tzinfo | None = None,
    dayfirst: bool = False,
) -> datetime:
    """Parse a marketplace date/time cell into a naive store-local datetime.

    Accepts datetime/date cells, Excel serials (1900 or 1904 system), `2024-05-03 14:22:10`,
    `2024/5/3 7:05`, `2024年5月3日 14:22`, ISO 8601 and `… -0700` offsets (converted to
    `local_tz`, default the machine's zone), `MM/DD/YY` (or `DD/MM/YY` with dayfirst),
    `Sep-30-26 23:45:00` and `10-Dez-25`.
    """
    if value.__class__ is str:
        s: str = value  # type: ignore[assignment]
        n = len(s)
        # Fastest path: `yyyy-mm-dd hh:mm:ss` exactly (then no whitespace to strip). With those
        # separators in place, fromisoformat (C, strict ASCII digits) accepts exactly the ASCII
        # spellings the int() slicing below reads, with the same result.
        if n == 19 and s[4] == "-" and s[7] == "-" and s[13] == ":" and s[16] == ":":
            try:
                return datetime.fromisoformat(s)
            except ValueError:
                pass
    else:
        if value is None:
            raise ValueError("date is blank")
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return value
            return _to_local(value, local_tz)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise ValueError(f"not a date: {value!r}")
        if isinstance(value, int | float):
            return excel_serial_to_datetime(float(value), date1904=date1904)
        if not isinstance(value, str):
            raise ValueError(f"not a date: {value!r}")
    s = value.strip()
    # Fast path: the canonical `yyyy-mm-dd hh:mm:ss` of Chinese exports, and Shopify's
    # `yyyy-mm-dd hh:mm:ss -0700`.
    n = len(s)
    if (n == 19 or (n == 25 and s[19] == " " and s[20] in "+-")) and (
        s[4] == "-" and s[7] == "-" and s[13] == ":" and s[16] == ":" and s[:4].isdigit()
    ):
        # As above: fromisoformat first; anything it refuses is left to the slicing and the
        # careful path.
        try:
            dt = datetime.fromisoformat(s[:19])
        except ValueError:
            pass
        else:
            if n == 19:
                return dt
            try:
                # dt.replace(tzinfo=…), without replace()'s keyword parsing
                aware = _combine(dt.date(), dt.time(), _tz_from_text(s[20:]))
                return _to_local(aware, local_tz)
            except ValueError:
                pass  # the careful path words the error
        try:
            dt = datetime(
                int(s[0:4]), int(s[5:7]), int(s[8:10]), int(s[11:13]), int(s[14:16]), int(s[17:19])
            )
            if n == 19:
                return dt
            return _to_local(dt.replace(tzinfo=_tz_from_text(s[20:])), local_tz)
        except ValueError:
            pass  # fall through to the careful path, which words the error
    s = clean_text(s)
    if not s:
        raise ValueError("date is blank")
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s)
    if _CN_AMPM_RE.search(s):
        s = _CN_AMPM_RE.sub(_cn_24h, s)
    m = _YMD_RE.fullmatch(s)
    if m:
        y, mo, d, hh, mi, ss, frac, tz = m.groups()
        return _build(value, int(y), int(mo), int(d), hh, mi, ss, frac, tz, local_tz)
    m = _MDY_RE.fullmatch(s)
    if m:
        a, b, y, hh, mi, ss, frac, ampm, tz = m.groups()
        mo, d = (int(b), int(a)) if dayfirst else (int(a), int(b))
        hh = _apply_ampm(value, hh, ampm)
        return _build(value, _two_digit_year(y), mo, d, hh, mi, ss, frac, tz, local_tz)
    m = _MON_D_Y_RE.fullmatch(s)
    if m:
        mon, d, y, hh, mi, ss, frac, tz = m.groups()
        return _build(
            value, _two_digit_year(y), _month(value, mon), int(d), hh, mi, ss, frac, tz, local_tz
        )
    m = _D_MON_Y_RE.fullmatch(s)
    if m:
        d, mon, y, hh, mi, ss, frac, tz = m.groups()
        return _build(
            value, _two_digit_year(y), _month(value, mon), int(d), hh, mi, ss, frac, tz, local_tz
        )
    m = _COMPACT_RE.fullmatch(s)
    if m:
        y, mo, d, hh, mi, ss = m.groups()
        return _build(value, int(y), int(mo), int(d), hh, mi, ss, None, None, local_tz)
    if _SERIAL_TEXT_RE.fullmatch(s):
        # A date cell that lost its format when a spreadsheet was saved as CSV.
        return excel_serial_to_datetime(float(s), date1904=date1904)
    raise ValueError(f"not a date: {value!r}")


def _apply_ampm(raw: object, hh: str | None, ampm: str | None) -> str | None:
    """Convert a 12-hour clock hour to 24-hour."""
    if not ampm or hh is None:
        return hh
    h = int(hh)
    if not 1 <= h <= 12:
        raise ValueError(f"invalid date {raw!r}")
    pm = ampm.lower() == "pm"
    return str(h % 12 + (12 if pm else 0))


def _month(raw: object, name: str) -> int:
    """Look up an English or German month abbreviation."""
    month = _MONTHS.get(name.lower()) or _MONTHS.get(name.lower()[:3])
    if month is None:
        raise ValueError(f"not a date: {raw!r}")
    return month


def parse_date(value: object, *, date1904: bool = False, dayfirst: bool = False) -> date:
    """Parse a date-only cell (a birthday) into a date."""
    if isinstance(value, datetime):
        return value.date()
    return parse_datetime(value, date1904=date1904, dayfirst=dayfirst).date()


def optional_datetime(
    value: object, *, date1904: bool = False, local_tz: tzinfo | None = None
) -> datetime | None:
    """Parse an optional time column: blank, `0000-00-00 …` and `-` mean "not yet"."""
    if value is None:
        return None
    if isinstance(value, str):
        s = value.strip()
        if not s or s in ("-", "--", "null", "NULL", "None") or s.startswith("0000-00-00"):
            return None
    return parse_datetime(value, date1904=date1904, local_tz=local_tz)


def time_cell_to_text(value: time | timedelta) -> str:
    """Render a time-of-day or duration cell as text."""
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------------------------
# Status


@functools.lru_cache(maxsize=1024)
def _status_key(text: str) -> str:
    """Normalise a status text for lookup: no spaces, ASCII punctuation, no (删除) prefix."""
    s = unicodedata.normalize("NFKC", text)
    s = "".join(s.split())
    for prefix in ("(删除)", "[删除]", "【删除】"):
        if s.startswith(prefix):
            s = s[len(prefix) :]
    return s.casefold()


def _table(mapping: dict[str, str]) -> dict[str, str]:
    """Key a status table by the normalised form of its texts."""
    return {_status_key(k): v for k, v in mapping.items()}


TAOBAO_STATUS = _table(
    {
        "等待买家付款": PENDING,
        "没有创建支付宝交易": PENDING,
        "待付款": PENDING,
        "买家已付款，等待卖家发货": PAID,
        "等待卖家发货": PAID,
        "等待卖家发货，即：买家已付款": PAID,
        "买家已付款": PAID,
        "待发货": PAID,
        "已付款": PAID,
        "卖家部分发货": SHIPPED,
        "部分发货": SHIPPED,
        "卖家已发货，等待买家确认": SHIPPED,
        "等待买家确认收货，即：卖家已发货": SHIPPED,
        "卖家已发货": SHIPPED,
        "已发货": SHIPPED,
        "买家已签收": SHIPPED,
        "交易成功": COMPLETED,
        "已完成": COMPLETED,
        "交易完成": COMPLETED,
        "交易关闭": CLOSED,
        "交易自动关闭": CLOSED,
        "付款以前，卖家或买家主动关闭交易": CLOSED,
        "已关闭": CLOSED,
        "退款成功": REFUNDED,
        "已退款": REFUNDED,
    }
)

JD_STATUS = _table(
    {
        "等待付款": PENDING,
        "等待付款确认": PENDING,
        "待付款": PENDING,
        "等待出库": PAID,
        "正在出库": PAID,
        "等待发货": PAID,
        "待发货": PAID,
        "付款成功": PAID,
        "暂停": PAID,
        "等待确认收货": SHIPPED,
        "已发货": SHIPPED,
        "等待收货": SHIPPED,
        "完成": COMPLETED,
        "已完成": COMPLETED,
        "已取消": CLOSED,
        "取消": CLOSED,
        "锁定": CLOSED,
        "已锁定": CLOSED,
        "退款成功": REFUNDED,
        "已退款": REFUNDED,
    }
)

PDD_STATUS = _table(
    {
        "待支付": PENDING,
        "待付款": PENDING,
        "未支付": PENDING,
        "待成团": PAID,
        "拼团中": PAID,
        "待发货": PAID,
        "已支付": PAID,
        "已发货待签收": SHIPPED,
        "已发货，待签收": SHIPPED,
        "已发货，待收货": SHIPPED,
        "已发货": SHIPPED,
        "待收货": SHIPPED,
        "已签收": COMPLETED,
        "已收货": COMPLETED,
        "交易成功": COMPLETED,
        "已完成": COMPLETED,
        "已取消": CLOSED,
        "交易关闭": CLOSED,
        "已关闭": CLOSED,
        "未成团": CLOSED,
        "退款成功": REFUNDED,
        # The backend's combined texts for an order refunded before or after shipping.
        "未发货，退款成功": REFUNDED,
        "已发货，退款成功": REFUNDED,
        "已签收，退款成功": REFUNDED,
    }
)

# Douyin 抖店 订单状态 (per 子订单 row); a refund shows in 售后状态, read by the parser.
DOUYIN_STATUS = _table(
    {
        "待支付": PENDING,
        "待付款": PENDING,
        "未支付": PENDING,
        "待发货": PAID,
        "备货中": PAID,
        "已支付": PAID,
        "待确认": PAID,
        # An after-sale (refund or return) still open: paid; the export that shows it done
        # says 退款成功 or 已关闭, and a later status never goes back (DESIGN §5).
        "售后中": PAID,
        "退款中": PAID,
        "部分发货": SHIPPED,
        "已发货": SHIPPED,
        "待收货": SHIPPED,
        "已签收": COMPLETED,
        "已完成": COMPLETED,
        "交易成功": COMPLETED,
        "已关闭": CLOSED,
        "已取消": CLOSED,
        "交易关闭": CLOSED,
        "退款成功": REFUNDED,
    }
)

# WooCommerce order statuses: the `wc-` slugs, the bare slugs and the admin labels.
WOOCOMMERCE_STATUS = _table(
    {
        **{
            f"{prefix}{slug}": status
            for prefix in ("", "wc-")
            for slug, status in (
                ("pending", PENDING),
                ("on-hold", PENDING),
                ("checkout-draft", PENDING),
                ("processing", PAID),
                ("completed", COMPLETED),
                ("cancelled", CLOSED),
                ("canceled", CLOSED),
                ("failed", CLOSED),
                ("refunded", REFUNDED),
            )
        },
        "pending payment": PENDING,
        "on hold": PENDING,
        "draft": PENDING,
    }
)

# Etsy's Status column. "Partially Refunded" keeps the progress (the refund is the
# Order Total − Adjusted Order Total difference, read by the parser).
ETSY_STATUS = _table(
    {
        "unpaid": PENDING,
        "pending": PENDING,
        "paid": PAID,
        "partially refunded": PAID,
        "shipped": SHIPPED,
        "completed": COMPLETED,
        "complete": COMPLETED,
        "refunded": REFUNDED,
        "fully refunded": REFUNDED,
        "canceled": CLOSED,
        "cancelled": CLOSED,
    }
)

_STATUS_TABLES = {
    "taobao": TAOBAO_STATUS,
    "jd": JD_STATUS,
    "pdd": PDD_STATUS,
    "douyin": DOUYIN_STATUS,
    "woocommerce": WOOCOMMERCE_STATUS,
    "etsy": ETSY_STATUS,
}
# platform → {cell text: table status}, for texts already looked up successfully.
_STATUS_SEEN: dict[str, dict[str, str]] = {p: {} for p in _STATUS_TABLES}


def map_status(platform: str, text: object, *, paid: int = 0, refunded: int = 0) -> str:
    """Map a Chinese platform's status text to the normalised set (records.STATUSES).

    `交易关闭` after a full refund (refunded == paid > 0) is `refunded`, otherwise `closed`.
    """
    seen = _STATUS_SEEN.get(platform)
    if seen is not None and text.__class__ is str:
        status = seen.get(text)  # type: ignore[call-overload]
        if status is None:
            status = _lookup_status(platform, text)
            if len(seen) < CACHE_LIMIT:
                seen[text] = status  # type: ignore[index]
    else:
        status = _lookup_status(platform, text)
    if status == CLOSED and paid > 0 and refunded == paid:
        return REFUNDED
    return status


def _lookup_status(platform: str, text: object) -> str:
    """Look a status text up in the platform's table (before the refund rule)."""
    raw = clean_text(text)
    if not raw:
        raise ValueError("order status is blank")
    table = _STATUS_TABLES.get(platform)
    if table is None:
        raise ValueError(f"no status table for platform {platform!r}")
    status = table.get(_status_key(raw))
    if status is None:
        raise ValueError(f"unknown order status {raw!r}")
    return status


_SHOPIFY_FINANCIAL = {
    "pending": PENDING,
    "authorized": PENDING,
    "partially_paid": PAID,
    "paid": PAID,
    "partially_refunded": PAID,
    "refunded": REFUNDED,
    "voided": CLOSED,
    "expired": CLOSED,
}


# (Financial Status, Fulfillment Status, Cancelled at is blank) → status, for texts seen.
_SHOPIFY_SEEN: dict[tuple[str, str, bool], str] = {}


def shopify_status(financial: object, fulfillment: object, cancelled_at: object = None) -> str:
    """Map Shopify's Financial/Fulfillment status and Cancelled at to the normalised set."""
    if financial.__class__ is str and fulfillment.__class__ is str:
        key = (financial, fulfillment, is_blank(cancelled_at))
        status = _SHOPIFY_SEEN.get(key)  # type: ignore[arg-type]
        if status is None:
            status = _shopify_status(financial, fulfillment, cancelled_at)
            if len(_SHOPIFY_SEEN) < CACHE_LIMIT:
                _SHOPIFY_SEEN[key] = status  # type: ignore[index]
        return status
    return _shopify_status(financial, fulfillment, cancelled_at)


def _shopify_status(financial: object, fulfillment: object, cancelled_at: object) -> str:
    """shopify_status without the cache."""
    fin = clean_text(financial).casefold().replace(" ", "_")
    if not fin:
        raise ValueError("Financial Status is blank")
    status = _SHOPIFY_FINANCIAL.get(fin)
    if status is None:
        raise ValueError(f"unknown Financial Status {clean_text(financial)!r}")
    if status == REFUNDED:
        return REFUNDED
    if not is_blank(cancelled_at):
        return CLOSED
    if status == PAID:
        ful = clean_text(fulfillment).casefold()
        if ful == "fulfilled":
            return COMPLETED
        if ful in ("partial", "partially_fulfilled", "shipped"):
            return SHIPPED
    return status


# --------------------------------------------------------------------------------------------
# People: phones, masks, addresses

_MASK_CHARS = "*＊"
_PHONE_STRIP_RE = re.compile(r"[\s\-()（）.\u00a0]+")
_MOBILE_RE = re.compile(r"1[3-9]\d{9}")
_MASKED_PHONE_RE = re.compile(r"\+?[\d\s\-]*\*+[\d\s\-*]*")


def is_masked_phone(value: object) -> bool:
    """Return True for a platform-masked phone such as `138****1234`."""
    s = clean_text(value)
    if "*" not in s and "＊" not in s:
        return False
    s = s.replace("＊", "*")
    return "*" in s and bool(_MASKED_PHONE_RE.fullmatch(s)) and any(c.isdigit() for c in s)


def is_masked_name(value: object) -> bool:
    """Return True for a masked name such as `张**` or `*鸿章`."""
    s = clean_text(value)
    return any(c in _MASK_CHARS for c in s)


# A phone cell a spreadsheet stored as a number: 13800138018.0, 1.3800138017E+10.
_TRAILING_ZERO_RE = re.compile(r"([1-9]\d*)\.0+")
_EXPONENT_RE = re.compile(r"([1-9])\.(\d+)[eE]\+?(\d+)")


def normalize_phone(value: object) -> str | None:
    """Normalise a phone: mainland mobiles to 11 digits, others to E.164 or cleaned digits.

    Masked phones are returned as given (cleaned), so a caller can store them flagged.
    """
    s = clean_text(value)
    if not s:
        return None
    if len(s) == 11 and s.isascii() and s.isdigit():
        return s  # the common case: a plain mainland mobile
    s = unicodedata.normalize("NFKC", s)
    # A number a spreadsheet wrote back as 13800138018.0 or 1.3800138017E+10: its digits, or
    # none when the exponent form kept fewer digits than the number has (a wrong phone is
    # worse than none).
    trailing = _TRAILING_ZERO_RE.fullmatch(s)
    if trailing:
        s = trailing.group(1)
    exponent = _EXPONENT_RE.fullmatch(s)
    if exponent:
        lead, fraction, power = exponent.groups()
        if len(fraction) != int(power):
            return None
        s = lead + fraction
    s = _PHONE_STRIP_RE.sub("", s).replace("＊", "*")
    if not any(c.isdigit() for c in s):
        return None
    if "*" in s:
        return s
    if s.startswith("00"):
        s = "+" + s[2:]
    if s.startswith("+86") and _MOBILE_RE.fullmatch(s[3:]):
        return s[3:]
    if s.startswith("86") and len(s) == 13 and _MOBILE_RE.fullmatch(s[2:]):
        return s[2:]
    if s.startswith("+"):
        return s
    return s


# Province-level divisions: short name → official name.
PROVINCES = {
    "北京": "北京市",
    "天津": "天津市",
    "上海": "上海市",
    "重庆": "重庆市",
    "河北": "河北省",
    "山西": "山西省",
    "辽宁": "辽宁省",
    "吉林": "吉林省",
    "黑龙江": "黑龙江省",
    "江苏": "江苏省",
    "浙江": "浙江省",
    "安徽": "安徽省",
    "福建": "福建省",
    "江西": "江西省",
    "山东": "山东省",
    "河南": "河南省",
    "湖北": "湖北省",
    "湖南": "湖南省",
    "广东": "广东省",
    "海南": "海南省",
    "四川": "四川省",
    "贵州": "贵州省",
    "云南": "云南省",
    "陕西": "陕西省",
    "甘肃": "甘肃省",
    "青海": "青海省",
    "台湾": "台湾省",
    "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区",
    "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_PROVINCE_NAMES = sorted(
    {**{v: v for v in PROVINCES.values()}, **PROVINCES}.items(),
    key=lambda kv: -len(kv[0]),
)
_POSTCODE_RE = re.compile(r"\s*[(（]\s*(?:\d{6}|000000|)\s*[)）]\s*$")
_OFFICIAL_NAMES = OFFICIAL_PROVINCES = frozenset(PROVINCES.values())

# Provinces as a merchant may type them in English (the customer filter): pinyin and the usual
# English names, lower case -> the official name.
PROVINCES_EN = {
    "beijing": "北京市", "tianjin": "天津市", "shanghai": "上海市", "chongqing": "重庆市",
    "hebei": "河北省", "shanxi": "山西省", "liaoning": "辽宁省", "jilin": "吉林省",
    "heilongjiang": "黑龙江省", "jiangsu": "江苏省", "zhejiang": "浙江省", "anhui": "安徽省",
    "fujian": "福建省", "jiangxi": "江西省", "shandong": "山东省", "henan": "河南省",
    "hubei": "湖北省", "hunan": "湖南省", "guangdong": "广东省", "hainan": "海南省",
    "sichuan": "四川省", "guizhou": "贵州省", "yunnan": "云南省", "shaanxi": "陕西省",
    "gansu": "甘肃省", "qinghai": "青海省", "taiwan": "台湾省",
    "inner mongolia": "内蒙古自治区", "nei mongol": "内蒙古自治区", "guangxi": "广西壮族自治区",
    "tibet": "西藏自治区", "xizang": "西藏自治区", "ningxia": "宁夏回族自治区",
    "xinjiang": "新疆维吾尔自治区", "hong kong": "香港特别行政区",
    "macau": "澳门特别行政区", "macao": "澳门特别行政区",
}  # fmt: skip
# Lazy, so `杭州市西湖区` gives `杭州市`; a bare `州` is not an ending (`杭州` would stop there).
_CITY_RE = re.compile(r"^(.+?(?:自治州|地区|盟|市))")
# Second tokens that repeat a municipality or fill its "city" slot.
_FILLERS = ("市辖区", "城区", "郊县", "县")


def official_province(name: str | None) -> str | None:
    """A stored province as its official name: `北京` → `北京市`, `广东` → `广东省`; official
    names, names outside China (`California`) and None are kept as they are."""
    if name is None or name in _OFFICIAL_NAMES:
        return name
    return PROVINCES.get(name.strip(), name)


def canonical_province(text: object) -> str | None:
    """Return the official province name for a short or full name; None when masked/blank."""
    s = clean_text(text)
    if not s or any(c in _MASK_CHARS for c in s):
        return None
    return _province_of(s) or s


# address text → its split, for texts seen (a returning buyer repeats the address).
_ADDRESS_SEEN: dict[str, tuple[str | None, str | None, str]] = {}


def split_address(text: object) -> tuple[str | None, str | None, str]:
    """Split `省 市 区 详细地址(邮编)` into (province, city, rest); masked parts become None."""
    if text.__class__ is str:
        parts = _ADDRESS_SEEN.get(text)  # type: ignore[call-overload]
        if parts is None:
            parts = _split_address(text)
            if len(_ADDRESS_SEEN) < CACHE_LIMIT:
                _ADDRESS_SEEN[text] = parts  # type: ignore[index]
        return parts
    return _split_address(text)


def _split_address(text: object) -> tuple[str | None, str | None, str]:
    """split_address without the cache."""
    s = clean_text(text)
    if not s:
        return None, None, ""
    s = _POSTCODE_RE.sub("", s)
    if "\u3000" in s:
        s = s.replace("\u3000", " ")
    tokens = s.split()
    if not tokens:
        return None, None, ""
    province: str | None = None
    if _is_mask(tokens[0]):
        tokens = tokens[1:]
    else:
        province = _province_of(tokens[0])
        if province is not None:
            tokens = tokens[1:]
        else:
            # No space after the province: match the longest known name as a prefix.
            for name, official in _PROVINCE_NAMES:
                if s.startswith(name):
                    province = official
                    tokens = s[len(name) :].split()
                    break
            if province is None:
                return None, None, s
    city: str | None = None
    if province in MUNICIPALITIES:
        assert province is not None
        city = province
        if tokens and (tokens[0] in (province, province[:-1]) or tokens[0] in _FILLERS):
            tokens = tokens[1:]
        elif tokens and tokens[0].startswith(province):
            tokens[0] = tokens[0][len(province) :]
    elif tokens:
        first = tokens[0]
        if _is_mask(first):
            tokens = tokens[1:]
        elif len(tokens) > 1:
            city, tokens = first, tokens[1:]
        else:
            m = _CITY_RE.match(first)
            if m:
                city = m.group(1)
                tokens = [first[len(city) :]]
    rest = " ".join(t for t in tokens if t)
    return province, city, rest


def _is_mask(token: str) -> bool:
    """Return True for a token made only of mask characters (`****`)."""
    return bool(token) and not token.strip(_MASK_CHARS)


def clean_caches_after_file() -> None:
    """Forget what the converters remembered (parse_file calls it after a file)."""
    for seen in _STATUS_SEEN.values():
        seen.clear()
    _SHOPIFY_SEEN.clear()
    _ADDRESS_SEEN.clear()
    _FLOAT_MONEY_SEEN.clear()
    _CURRENCY_SEEN.clear()


def _province_of(token: str) -> str | None:
    """Return the official name when the token is exactly a province name."""
    official = PROVINCES.get(token)
    if official is None and token in _OFFICIAL_NAMES:
        official = token
    return official
