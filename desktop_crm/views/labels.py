"""Words for the codes the services use (platforms, statuses, validation), translated."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject

from desktop_crm.services.currency import Uncounted


def code_words(context: str, sources: dict[str, str]) -> Callable[[str], str]:
    """A code's words in the user's language, from {code: English source} (marked with
    QT_TRANSLATE_NOOP in `context`); an unknown code shows as itself. Only the one asked for
    is translated: lists word every row (a copy of 56,000 follow-ups translated each dict
    whole, 28 times a row)."""

    def name(code: str) -> str:
        source = sources.get(code)
        return QCoreApplication.translate(context, source) if source else code

    return name


def platform_name(code: str | None) -> str:
    """A platform code as the merchant knows it."""
    names = {
        "taobao": QCoreApplication.translate("Labels", "Taobao/Tmall"),
        "qianniu": QCoreApplication.translate("Labels", "Taobao/Tmall (Qianniu)"),
        "jd": QCoreApplication.translate("Labels", "JD"),
        "pdd": QCoreApplication.translate("Labels", "Pinduoduo"),
        "douyin": QCoreApplication.translate("Labels", "Douyin"),
        "shopify": QCoreApplication.translate("Labels", "Shopify"),
        "woocommerce": QCoreApplication.translate("Labels", "WooCommerce"),
        "etsy": QCoreApplication.translate("Labels", "Etsy"),
        "ebay": QCoreApplication.translate("Labels", "eBay"),
        "generic": QCoreApplication.translate("Labels", "Other spreadsheet"),
        "manual": QCoreApplication.translate("Labels", "Entered by hand"),
    }
    return names.get(code or "", code or "")


def status_name(code: str) -> str:
    """An order status."""
    names = {
        "pending": QCoreApplication.translate("Labels", "Pending payment"),
        "paid": QCoreApplication.translate("Labels", "Paid"),
        "shipped": QCoreApplication.translate("Labels", "Shipped"),
        "completed": QCoreApplication.translate("Labels", "Completed"),
        "refunded": QCoreApplication.translate("Labels", "Refunded"),
        "closed": QCoreApplication.translate("Labels", "Closed"),
    }
    return names.get(code, code)


def gender_name(code: str | None) -> str:
    """A gender."""
    return {
        "male": QCoreApplication.translate("Labels", "Male"),
        "female": QCoreApplication.translate("Labels", "Female"),
    }.get(code or "", QCoreApplication.translate("Labels", "Not given"))


def validation_message(code: str, *, limit: int | None = None) -> str:
    """The sentence shown under a form field for a validation code.

    `limit`: the field's maximum length, when the caller knows it: "too long" then says it
    ("At most 20,000 characters.") instead of leaving the user to guess.
    """
    if code == "too_long" and limit is not None:
        return QCoreApplication.translate("Labels", "At most %1 characters.").replace(
            "%1", f"{limit:,}"
        )
    messages = {
        "required": QCoreApplication.translate("Labels", "This field is required."),
        "too_long": QCoreApplication.translate("Labels", "This is too long."),
        "phone_invalid": QCoreApplication.translate(
            "Labels",
            "Enter a mainland mobile (13800138000), an international number (+44 20 7946 0958) "
            "or a masked number (138****1234).",
        ),
        "email_invalid": QCoreApplication.translate(
            "Labels", "Enter an e-mail address such as name@example.com."
        ),
        "birthday_future": QCoreApplication.translate(
            "Labels", "A birthday cannot be in the future."
        ),
        "birthday_too_old": QCoreApplication.translate(
            "Labels", "This birthday is more than 130 years ago."
        ),
        "gender_invalid": QCoreApplication.translate("Labels", "Choose a gender from the list."),
    }
    return messages.get(code, code)


def tier_display_name(name: str) -> str:
    """A tier's name: the four default names are translated, the merchant's own shown as is."""
    names = {
        "Member": QCoreApplication.translate("LoyaltyLabels", "Member"),
        "Silver": QCoreApplication.translate("LoyaltyLabels", "Silver"),
        "Gold": QCoreApplication.translate("LoyaltyLabels", "Gold"),
        "Diamond": QCoreApplication.translate("LoyaltyLabels", "Diamond"),
    }
    return names.get(name, name)


# Chinese sentences and brackets carry their own spacing: "没有推荐人。已推荐 2 位客户。",
# "明天到期（已推迟）", never "。 已推荐" or " （".
_CJK_ENDS = tuple("。！？；：，、）」』】")
_CJK_STARTS = tuple("（「『【")


def grouped(text: str, n: int) -> str:
    """A translated "%n …" text with its count written with thousands separators ("5,000
    orders"), as the lists' counts are (Qt writes "5000")."""
    return text.replace(str(n), f"{n:,}", 1) if abs(n) >= 1000 else text


def fill_args(text: str, values: list[str]) -> str:
    """%1, %2… replaced by the values in one pass (a value holding "%2" stays as it is)."""

    def value(m: re.Match[str]) -> str:
        i = int(m.group(1))
        return values[i - 1] if i <= len(values) else m.group(0)

    return re.sub(r"%(\d)", value, text)


def bracketed(text: str, detail: str) -> str:
    """A text and a detail in brackets, as the language writes them: "amy (Amy Li)",
    "小王（王芳）"."""
    return fill_args(QCoreApplication.translate("Labels", "%1 (%2)"), [text, detail])


def with_count(name: str, n: int) -> str:
    """A name and its count in brackets: "VIP (1,204)", "老客户（1,204）"."""
    return bracketed(name, f"{n:,}")


def sentences(*parts: str) -> str:
    """Translated sentences (or a sentence and a bracket) one after another, spaced as the
    language spaces them: a space between English ones, none after "。" or before "（"."""
    out = ""
    for part in (p for p in parts if p):
        if out and not out.endswith(_CJK_ENDS) and not part.startswith(_CJK_STARTS):
            out += " "
        out += part
    return out


def usually_buys(interval: str) -> str:
    """A customer's usual gap between purchases: "usually buys every 17 days", "… every day"."""
    if interval == "1":
        return QCoreApplication.translate("Labels", "usually buys every day")
    return QCoreApplication.translate("Labels", "usually buys every %1 days").replace(
        "%1", interval
    )


class UncountedNote(QObject):
    """Why some purchases are missing from a customer's figures (`self.tr(..., n)`: lupdate
    marks only those as plural forms)."""

    def text(self, uncounted: Sequence[Uncounted]) -> str:
        return self.tr(
            "%n purchase(s) in %1 not counted: no conversion rate is set (Settings ▸ Currency).",
            "",
            sum(u.orders for u in uncounted),
        ).replace("%1", ", ".join(u.currency for u in uncounted))


def uncounted_note(uncounted: Sequence[Uncounted]) -> str:
    """UncountedNote's text, or "" when nothing is left out."""
    return UncountedNote().text(uncounted) if uncounted else ""
