"""Words for the codes the services use (platforms, statuses, validation), translated."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def platform_name(code: str | None) -> str:
    """A platform code as the merchant knows it."""
    names = {
        "taobao": _t("Taobao/Tmall"),
        "qianniu": _t("Taobao/Tmall (Qianniu)"),
        "jd": _t("JD"),
        "pdd": _t("Pinduoduo"),
        "douyin": _t("Douyin"),
        "shopify": _t("Shopify"),
        "woocommerce": _t("WooCommerce"),
        "etsy": _t("Etsy"),
        "ebay": _t("eBay"),
        "generic": _t("Other spreadsheet"),
        "manual": _t("Entered by hand"),
    }
    return names.get(code or "", code or "")


def status_name(code: str) -> str:
    """An order status."""
    names = {
        "pending": _t("Pending payment"),
        "paid": _t("Paid"),
        "shipped": _t("Shipped"),
        "completed": _t("Completed"),
        "refunded": _t("Refunded"),
        "closed": _t("Closed"),
    }
    return names.get(code, code)


def gender_name(code: str | None) -> str:
    """A gender."""
    return {"male": _t("Male"), "female": _t("Female")}.get(code or "", _t("Not given"))


def validation_message(code: str) -> str:
    """The sentence shown under a form field for a validation code."""
    messages = {
        "required": _t("This field is required."),
        "too_long": _t("This is too long."),
        "phone_invalid": _t(
            "Enter a mainland mobile (13800138000), an international number (+44 20 7946 0958) "
            "or a masked number (138****1234)."
        ),
        "email_invalid": _t("Enter an e-mail address such as name@example.com."),
        "birthday_future": _t("A birthday cannot be in the future."),
        "birthday_too_old": _t("This birthday is more than 130 years ago."),
        "gender_invalid": _t("Choose a gender from the list."),
    }
    return messages.get(code, code)
