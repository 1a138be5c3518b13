"""Words for files written without the GUI (the monthly report, customer exports): platform,
lifecycle stage, RFM class, default tier and gender names in English and Chinese.

Qt's translations need the GUI's translators; the CLI writes the same files, so these words
live here, plain and testable, and every file says a thing the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_crm.services import analytics

_PLATFORMS = {
    "en": {
        "taobao": "Taobao/Tmall",
        "qianniu": "Taobao/Tmall (Qianniu)",
        "jd": "JD",
        "pdd": "Pinduoduo",
        "douyin": "Douyin",
        "shopify": "Shopify",
        "woocommerce": "WooCommerce",
        "etsy": "Etsy",
        "ebay": "eBay",
        "generic": "Other spreadsheet",
        "manual": "Entered by hand",
    },
    "zh_CN": {
        "taobao": "淘宝/天猫",
        "qianniu": "淘宝/天猫（千牛）",
        "jd": "京东",
        "pdd": "拼多多",
        "douyin": "抖音",
        "shopify": "Shopify",
        "woocommerce": "WooCommerce",
        "etsy": "Etsy",
        "ebay": "eBay",
        "generic": "其他表格",
        "manual": "手动录入",
    },
}

_STAGES = {
    "en": {
        "prospect": "Prospect",
        "new": "New",
        "active": "Active",
        "sleeping": "Sleeping",
        "lost": "Lost",
    },
    "zh_CN": {
        "prospect": "潜在客户",
        "new": "新客户",
        "active": "活跃客户",
        "sleeping": "沉睡客户",
        "lost": "流失客户",
    },
}

_RFM = {
    "en": {
        "important_value": "Important value",
        "important_develop": "Important to develop",
        "important_keep": "Important to keep",
        "important_winback": "Important to win back",
        "general_value": "General value",
        "general_develop": "General to develop",
        "general_keep": "General to keep",
        "general_winback": "General to win back",
    },
    "zh_CN": dict(analytics.RFM_LABELS_ZH),
}

# The default tier names (migration 0003) in Chinese; a merchant's own names are kept as typed.
_TIERS_ZH = {"Member": "普通会员", "Silver": "银卡会员", "Gold": "金卡会员", "Diamond": "钻石会员"}


_GENDERS = {
    "en": {"male": "Male", "female": "Female"},
    "zh_CN": {"male": "男", "female": "女"},
}


def normalize_language(language: str | None) -> str:
    """'zh', 'zh_CN', 'zh-Hans-CN' -> 'zh_CN'; anything else -> 'en'."""
    return "zh_CN" if (language or "").lower().replace("-", "_").startswith("zh") else "en"


def platform_label(code: str | None, language: str) -> str:
    """A platform code as the merchant knows it."""
    return _PLATFORMS[normalize_language(language)].get(code or "", code or "")


def stage_label(code: str | None, language: str) -> str:
    """A lifecycle stage code as the merchant reads it."""
    return _STAGES[normalize_language(language)].get(code or "", code or "")


def rfm_label(code: str | None, language: str) -> str:
    """An RFM class code as the merchant reads it."""
    return _RFM[normalize_language(language)].get(code or "", code or "")


def tier_label(name: str, language: str) -> str:
    """A tier name: the default tiers in the language asked for, the merchant's own as typed."""
    return _TIERS_ZH.get(name, name) if normalize_language(language) == "zh_CN" else name


def default_tier_name(label: str) -> str | None:
    """The default tier a word names in any language ("金卡会员" -> "Gold"); None otherwise."""
    folded = label.strip().casefold()
    for name, zh in _TIERS_ZH.items():
        if folded in (name.casefold(), zh):
            return name
    return None


def rfm_code(label: str) -> str | None:
    """The RFM class a code or word names ("重要价值", "重要价值客户", "Important value")."""
    folded = label.strip().casefold()
    for code in analytics.RFM_CLASSES:
        zh = _RFM["zh_CN"][code]
        if folded in (code, _RFM["en"][code].casefold(), zh, zh.removesuffix("客户")):
            return code
    return None


def gender_label(code: str | None, language: str) -> str:
    """A gender code (male, female) as a word; anything else as stored."""
    return _GENDERS[normalize_language(language)].get(code or "", code or "")


# --- tier change reasons (stored in English by loyalty_tiers; shown in the reader's language)

_SPEND_REASON = re.compile(
    r"^(?P<ended>override ended; )?spend (?P<spend>-?[\d,]+\.\d\d) in the 365 days to "
    r"(?P<day>\d{4}-\d\d-\d\d); (?P<tier>.+) from (?P<threshold>[\d,]+\.\d\d)"
    r"(?P<kept> \(downgrades off\))?$"
)
_OVERRIDE_REASON = re.compile(r"^override: (?P<text>.*)$", re.S)
_REMOVED_REASON = re.compile(r"^tier (?P<tier>.+) removed$")


@dataclass(frozen=True, slots=True)
class TierReason:
    """A stored tier-change reason, read back into its parts."""

    kind: str  # "spend", "override" (text: the merchant's words) or "removed"
    tier: str = ""
    spend: str = ""  # money as stored, "4,200.00"
    day: str = ""
    threshold: str = ""
    override_ended: bool = False
    downgrades_off: bool = False
    text: str = ""


def parse_tier_reason(reason: str) -> TierReason | None:
    """The parts of a reason loyalty_tiers wrote; None for any other text (shown as it is)."""
    if m := _SPEND_REASON.match(reason):
        return TierReason(
            "spend", m["tier"], m["spend"], m["day"], m["threshold"], bool(m["ended"]),
            bool(m["kept"]),
        )  # fmt: skip
    if m := _OVERRIDE_REASON.match(reason):
        return TierReason("override", text=m["text"])
    if m := _REMOVED_REASON.match(reason):
        return TierReason("removed", m["tier"])
    return None


def tier_reason(reason: str, language: str) -> str:
    """A tier change's reason in the report's language (English as stored)."""
    parts = parse_tier_reason(reason)
    if parts is None or normalize_language(language) != "zh_CN":
        return reason
    if parts.kind == "override":
        return f"手动调整：{parts.text}"
    name = tier_label(parts.tier, language)
    if parts.kind == "removed":
        return f"等级“{name}”已删除"
    text = f"截至 {parts.day} 的 365 天消费 {parts.spend}；{name} 门槛 {parts.threshold}" + (
        "（不自动降级）" if parts.downgrades_off else ""
    )
    return ("手动等级到期；" if parts.override_ended else "") + text
