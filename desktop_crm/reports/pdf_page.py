"""The printed page shared by every PDF and printout: A4, fonts, a GUI application, CJK text.

Kept apart from `monthly_pdf` (which loads matplotlib for its charts, 0.75 s) so that
one-page documents such as the points statement stay cheap to import.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize

from desktop_crm.errors import CrmError

RESOLUTION = 300  # dots per inch of the PDF's coordinate system (text and vectors stay sharp)
MARGINS_MM = QMarginsF(14, 12, 14, 12)
_CJK = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
        "Hiragino Sans GB", "WenQuanYi Micro Hei", "SimHei")  # fmt: skip
_LATIN = ("Segoe UI", "Helvetica Neue", "Arial", "DejaVu Sans", "Liberation Sans")

_app: Any = None


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new one on the "offscreen" platform (no display needed).

    Fonts and painting on a QPdfWriter need one; the CLI has none (DESIGN §1). When the program
    has already loaded Qt widgets (the GUI, a test runner), the new application is a
    QApplication so widgets still work later; this module never imports QtWidgets itself.
    """
    global _app
    existing = QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise CrmError("A PDF needs a GUI application, but a console one is running.")
        return existing
    argv = [sys.argv[0] if sys.argv and sys.argv[0] else "desktop-crm", "-platform", "offscreen"]
    widgets = sys.modules.get("PySide6.QtWidgets")
    _app = widgets.QApplication(argv) if widgets is not None else QGuiApplication(argv)
    return _app  # type: ignore[no-any-return]


def font_families(language: str) -> list[str]:
    """Families to try in order: a Latin family for letters and digits, then a Chinese one.

    The same for a Chinese page: Chinese falls through to the CJK family either way, and
    letters and digits drawn with Noto Sans CJK lost their digits from the PDF's text layer
    ("carol88" searched and copied as "carol") while the page looked right.
    """
    del language  # every language: see above
    return [*_LATIN, *_CJK]


def page_layout() -> QPageLayout:
    """A4 portrait with the report's margins."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


# --------------------------------------------------------------------------------------------
# WORKAROUND for Qt's PDF text map (QFontSubset::getReverseMap, Qt 6.11): the ToUnicode map
# names each glyph by the lowest code point the font maps to it. CJK fonts (Noto Sans CJK, …)
# share one glyph between a radical and its ideograph, so 月 is written as the Kangxi radical
# ⽉ (U+2F49) and 页 as ⻚ (U+2EDA): the PDF looks right but search, copy and pdftotext get the
# radicals. The map is plain text in the file and every code is 4 hex digits, so it is fixed
# in place (same length: no offset changes). Pairs (written, meant) derived from the glyphs
# Noto Sans CJK SC shares; right for any font, since the report never means a bare radical.
_RADICALS = (
    "⺂乛⺃乚⺅亻⺉刂⺋㔾⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬"
    "⺤爫⺦丬⺨犭⺭礻⺯糹⺰纟⺱罓⺳㓁⺹耂⺺肀⺾艹⻂衤⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長"
    "⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄"
    "⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⼀一⼁丨⼂丶⼃丿⼄乙⼅亅⼆二⼇亠⼈人⼉儿⼊入"
    "⼋八⼌冂⼍冖⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗"
    "⼟土⼠士⼡夂⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⼫尸⼬屮⼭山⼮巛⼯工⼰己⼱巾⼲干⼴广"
    "⼵廴⼶廾⼷弋⼸弓⼺彡⼻彳⼼心⼽戈⼾户⼿手⽀支⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月"
    "⽊木⽋欠⽌止⽍歹⽎殳⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火⽖爪⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬"
    "⽞玄⽟玉⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢⽯石⽰示⽱禸"
    "⽲禾⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老⽽而⽿耳⾀聿⾁肉⾂臣⾃自⾄至⾅臼⾆舌"
    "⾇舛⾈舟⾉艮⾊色⾋艸⾌虍⾍虫⾎血⾏行⾐衣⾑襾⾒見⾔言⾕谷⾖豆⾗豕⾘豸⾙貝⾚赤⾛走"
    "⾜足⾝身⾞車⾟辛⾠辰⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾨門⾩阜⾪隶⾫隹⾬雨⾭靑⾮非⾯面⾰革"
    "⾱韋⾲韭⾳音⾴頁⾵風⾶飛⾸首⾹香⾺馬⾼高⾽髟⾾鬥⾿鬯⿀鬲⿂魚⿃鳥⿄鹵⿅鹿⿆麥⿇麻"
    "⿈黃⿉黍⿊黑⿋黹⿌黽⿍鼎⿎鼓⿏鼠⿑齊⿒齒⿓龍⿕龠㫚曶㬵胶㬺幐㮣槩"
)
_MEANT = {_RADICALS[i]: _RADICALS[i + 1] for i in range(0, len(_RADICALS), 2)}
_MEANT_HEX = {f"{ord(a):04X}".encode(): f"{ord(b):04X}".encode() for a, b in _MEANT.items()}
_TO_UNICODE = re.compile(
    rb"(\d+ 0 obj\s*<<\s*/Length \d+\s*>>\s*stream\r?\n)(/CIDInit.*?)(endstream)", re.S
)
_HEX = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _fixed_line(line: bytes, keep: int) -> bytes:
    """Fix the destination codes of one bfchar / bfrange line (the first `keep` are sources)."""
    seen = 0

    def one(m: re.Match[bytes]) -> bytes:
        nonlocal seen
        seen += 1
        if seen <= keep:
            return m.group(0)
        return b"<" + _MEANT_HEX.get(m.group(1).upper(), m.group(1)) + b">"

    return _HEX.sub(one, line)


def _fix_cmap(body: bytes) -> bytes:
    out = []
    mode = b""
    for line in body.split(b"\n"):
        stripped = line.strip()
        if stripped.endswith((b"beginbfchar", b"beginbfrange")):
            mode = stripped.split()[-1]
        elif stripped in (b"endbfchar", b"endbfrange"):
            mode = b""
        elif mode == b"beginbfchar":
            line = _fixed_line(line, 1)
        elif mode == b"beginbfrange":
            codes = _HEX.findall(line)
            # "<a> <b> [<u> …]" names each glyph; "<a> <b> <u>" counts up from u: only a
            # single-glyph range can be renamed without changing its neighbours.
            if b"[" in line or (len(codes) == 3 and codes[0] == codes[1]):
                line = _fixed_line(line, 2)
        out.append(line)
    return b"\n".join(out)


def fix_cjk_text(pdf: bytes) -> bytes:
    """The PDF with its CJK text map corrected (see _RADICALS); unchanged when not needed."""

    def stream(m: re.Match[bytes]) -> bytes:
        body = _fix_cmap(m.group(2))
        if len(body) != len(m.group(2)):  # never move a byte of the file
            return m.group(0)
        return m.group(1) + body + m.group(3)

    return _TO_UNICODE.sub(stream, pdf)
