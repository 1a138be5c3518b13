"""A realistic synthetic shop for trying the program: deterministic for a seed and a `today`.

Customers across platforms, orders over the last 24 months, tags, birthdays and notes.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop_crm.db import (
    close_database,
    db,
    default_backup_dir,
    executemany,
    open_database,
    remove_with_sidecars,
)
from desktop_crm.errors import CrmError, Refused
from desktop_crm.services import customers as customers_service
from desktop_crm.services import duplicates, followups, loyalty
from desktop_crm.services.backup import make_backup
from desktop_crm.services.importing.engine import import_file
from desktop_crm.services.importing.normalize import official_province
from desktop_crm.services.importing.platforms import pdd_buyer_key
from desktop_crm.services.importing.records import (
    CLOSED,
    COMPLETED,
    PAID,
    PENDING,
    REFUNDED,
    SHIPPED,
    ParsedItem,
    ParsedOrder,
)
from desktop_crm.services.importing.samples import write_export
from desktop_crm.services.settings import set_setting

Progress = Callable[[int, int], None]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲"
    "建丹宁晨欣雪琳浩宇婷倩颖佳怡俊博文斌慧莉红梅飞鑫瑶悦"
)
PLACES = [
    ("浙江省", "杭州市"),
    ("浙江省", "宁波市"),
    ("浙江省", "温州市"),
    ("江苏省", "南京市"),
    ("江苏省", "苏州市"),
    ("江苏省", "无锡市"),
    ("广东省", "广州市"),
    ("广东省", "深圳市"),
    ("广东省", "东莞市"),
    ("上海", "上海市"),
    ("北京", "北京市"),
    ("天津", "天津市"),
    ("重庆", "重庆市"),
    ("四川省", "成都市"),
    ("湖北省", "武汉市"),
    ("湖南省", "长沙市"),
    ("山东省", "济南市"),
    ("山东省", "青岛市"),
    ("福建省", "厦门市"),
    ("福建省", "福州市"),
    ("河南省", "郑州市"),
    ("陕西省", "西安市"),
    ("安徽省", "合肥市"),
    ("辽宁省", "沈阳市"),
    ("河北省", "石家庄市"),
    ("江西省", "南昌市"),
    ("云南省", "昆明市"),
    ("广西壮族自治区", "南宁市"),
]
STREETS = [
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "文一西路",
    "长江路",
    "和平街",
    "新华路",
    "滨江大道",
]
PRODUCTS = [
    ("手工皂礼盒", 6800),
    ("玫瑰精油香皂", 2900),
    ("山茶花洗发水", 5900),
    ("竹炭沐浴露", 4500),
    ("薰衣草香薰蜡烛", 8800),
    ("纯棉毛巾三条装", 3900),
    ("护手霜套装", 7900),
    ("旅行洗护组合", 9900),
    ("桂花润唇膏", 1900),
    ("艾草足浴包", 3500),
]
EN_FIRST = [
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Ava",
    "Lucas",
    "Mia",
    "Ethan",
    "Chloe",
    "Ryan",
    "Grace",
    "Leo",
]
EN_LAST = [
    "Smith",
    "Chen",
    "Wang",
    "Brown",
    "Lee",
    "Taylor",
    "Wong",
    "Martin",
    "Clark",
    "Lin",
    "Walker",
]
TAGS = ["VIP", "老客户", "批发", "差评风险", "爱回购", "送礼", "敏感肌", "新品试用"]
NOTES = [
    "喜欢玫瑰香型，下次上新提醒她。",
    "收货地址是公司，工作日送达。",
    "上次投诉物流慢，已补偿优惠券。",
    "团购客户，逢节日采购员工福利。",
    "Prefers unscented products.",
]
# (platform, share, currency)
PLATFORM_MIX = [
    ("taobao", 0.42, "CNY"),
    ("jd", 0.14, "CNY"),
    ("pdd", 0.17, "CNY"),
    ("douyin", 0.12, "CNY"),
    ("shopify", 0.10, "CNY"),
    ("manual", 0.05, "CNY"),
]

_CUSTOMER_COLUMNS = (
    "id, display_name, real_name, phone, phone_masked, phone_norm, email, email_norm, gender,"
    " birthday, province, city, address, source_platform, notes, created_at, updated_at"
)
_CUSTOMER_INSERT = f"INSERT INTO customer ({_CUSTOMER_COLUMNS}) VALUES ({','.join('?' * 17)})"


@dataclass(slots=True)
class DemoPerson:
    """One synthetic customer and the orders they placed."""

    platform: str
    buyer_key: str | None
    weak: bool
    display_name: str
    real_name: str
    phone: str | None
    phone_masked: bool
    email: str | None
    gender: str | None
    birthday: date | None
    province: str
    city: str
    address: str
    tags: list[str] = field(default_factory=list)
    note: str = ""
    orders: list[ParsedOrder] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What `demo` built."""

    path: Path
    customers: int
    orders: int


def _pick_platform(rng: random.Random) -> str:
    x = rng.random()
    acc = 0.0
    for name, share, _currency in PLATFORM_MIX:
        acc += share
        if x < acc:
            return name
    return PLATFORM_MIX[-1][0]


def _mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def _order_status(rng: random.Random, age_days: int) -> str:
    if age_days <= 2 and rng.random() < 0.5:
        return rng.choice([PENDING, PAID, PAID, SHIPPED])
    if age_days <= 10 and rng.random() < 0.4:
        return rng.choice([PAID, SHIPPED, SHIPPED])
    x = rng.random()
    if x < 0.05:
        return REFUNDED
    if x < 0.09:
        return CLOSED
    return COMPLETED


def generate_people(n: int, seed: int, today: date) -> list[DemoPerson]:
    """`n` customers with their orders, the same for the same (n, seed, today)."""
    rng = random.Random(seed)
    people: list[DemoPerson] = []
    weak_keys: set[str] = set()
    order_seq = 0
    for i in range(n):
        platform = _pick_platform(rng)
        real = rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))
        )
        province, city = rng.choice(PLACES)
        address = f"{rng.choice(STREETS)}{rng.randint(1, 999)}号"
        gender = rng.choice(["female", "female", "male", None])
        birthday = None
        if rng.random() < 0.6:
            birthday = date(
                today.year - rng.randint(18, 60), rng.randint(1, 12), rng.randint(1, 28)
            )
        phone: str | None = _mobile(rng)
        masked = False
        email = None
        weak = False
        key: str | None
        if platform == "taobao":
            display = rng.choice(["tb", "小", "爱购", "momo", "lucky"]) + f"{real[-1]}{i:06d}"
            key = display
        elif platform == "jd":
            display = f"jd_{rng.randint(10**7, 10**8 - 1)}{i}"
            key = display
        elif platform in ("pdd", "douyin"):
            # No buyer account: the importer keys these buyers on masked name + masked phone
            # + region. Keep each demo buyer's key distinct so there are exactly n customers.
            masked = True
            weak = True
            display = real = real[0] + "**"  # the export masks the recipient's name too
            while True:
                phone = (phone or "")[:3] + "****" + (phone or "")[-4:]
                key = pdd_buyer_key(display, phone, province, city)
                if key not in weak_keys:
                    weak_keys.add(key or "")
                    break
                phone = _mobile(rng)
        elif platform == "shopify":
            first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
            real = f"{first} {last}"
            email = f"{first.lower()}.{last.lower()}{i}@example.com"
            display = real
            key = email
            phone = "+1" + "".join(rng.choice("0123456789") for _ in range(10))
        else:
            display = real
            key = None
        person = DemoPerson(
            platform=platform,
            buyer_key=key,
            weak=weak,
            display_name=display,
            real_name=real,
            phone=phone,
            phone_masked=masked,
            email=email,
            gender=gender,
            birthday=birthday,
            province=province,
            city=city,
            address=address,
        )
        if rng.random() < 0.25:
            person.tags = rng.sample(TAGS, rng.choice((1, 1, 2)))
        if rng.random() < 0.08:
            person.note = rng.choice(NOTES)
        if platform != "manual":  # hand-typed customers are prospects
            # Most buy once or twice; a loyal few buy often.
            count = min(1 + int(rng.expovariate(0.55)), 40)
            # A few buy for a company or a group: large baskets, so every tier has members.
            bulk = rng.random() < 0.06
            if bulk:
                count += rng.randint(2, 8)
            midnight = datetime.combine(today, datetime.min.time())
            first_day = rng.randint(0, 730)
            span = rng.randint(0, first_day)
            for _ in range(count):
                age = first_day - rng.randint(0, span) if span else first_day
                seconds = rng.randint(8 * 3600, 23 * 3600)
                if age == 0:
                    seconds %= 3600  # today's orders came in early: never later than now
                when = datetime.combine(
                    today - timedelta(days=age), datetime.min.time()
                ) + timedelta(seconds=seconds)
                title, price = rng.choice(PRODUCTS)
                qty = rng.randint(8, 60) if bulk else rng.choice((1, 1, 1, 2, 3))
                paid = price * qty + rng.choice((0, 0, 800, 1000)) - rng.choice((0, 0, 500, 1000))
                paid = max(paid, 990)
                status = _order_status(rng, age)
                order_seq += 1
                refunded = paid if status == REFUNDED else 0
                if status == COMPLETED and rng.random() < 0.03:
                    refunded = paid // 3  # a partial refund keeps the progress status
                person.orders.append(
                    ParsedOrder(
                        row=0,
                        platform=platform,
                        buyer_key=key,
                        buyer_key_weak=weak,
                        buyer_name=display if platform != "shopify" else None,
                        real_name=real,
                        phone=phone,
                        phone_masked=masked,
                        email=email,
                        province=province,
                        city=city,
                        address=address,
                        order_no=_order_no(platform, when, order_seq, rng),
                        ordered_at=when,
                        status=status,
                        paid=0 if status in (PENDING, CLOSED) else paid,
                        refunded=refunded,
                        currency="CNY",
                        paid_at=None
                        if status in (PENDING, CLOSED)
                        else when + timedelta(minutes=3),
                        # Completed 6 days after the order, or by the start of today.
                        completed_at=max(when, min(when + timedelta(days=6), midnight))
                        if status == COMPLETED
                        else None,
                        item_summary=f"{title} x{qty}",
                        items=[ParsedItem(title=title, quantity=qty, price=price)],
                    )
                )
        people.append(person)
    return people


def _order_no(platform: str, when: datetime, seq: int, rng: random.Random) -> str:
    if platform == "pdd":
        # Multiplying by a number coprime with 10**15 keeps the ids unique but random-looking.
        return f"{when:%y%m%d}-{(seq * 982451653) % 10**15:015d}"
    if platform == "shopify":
        return f"#{1000 + seq}"
    if platform == "jd":
        return str(10**15 + seq * 7919)
    return str(2 * 10**18 + seq * 104729 + rng.randint(0, 99))


def build_demo(
    path: Path,
    *,
    customers: int,
    seed: int,
    today: date,
    now: datetime,
    progress: Progress = lambda done, total: None,
) -> DemoSummary:
    """Create a new database at `path` holding exactly `customers` customers.

    The shop is built as a merchant builds theirs: each platform's orders are written as that
    platform's export file and imported through the importer; hand-typed customers, tags,
    notes and birthdays are added the way the GUI adds them.
    """
    path = Path(path)
    if path.exists():
        raise Refused(f"{path} already exists; demo only writes a new file.")
    if customers < 0:
        raise Refused("--customers must be 0 or more.")
    people = generate_people(customers, seed, today)
    backups = default_backup_dir(path)
    backups_were_there = backups.exists()
    try:
        return _build(path, people, customers, seed=seed, today=today, now=now, progress=progress)
    except BaseException:
        # A demo is all its steps or no file (DESIGN §5: exactly N customers): an interrupted
        # or failed one leaves nothing at `path`, so the same command can simply run again.
        close_database()
        remove_with_sidecars(path)
        if not backups_were_there:
            shutil.rmtree(backups, ignore_errors=True)
        raise


def _build(
    path: Path,
    people: list[DemoPerson],
    customers: int,
    *,
    seed: int,
    today: date,
    now: datetime,
    progress: Progress,
) -> DemoSummary:
    open_database(path)
    by_platform: dict[str, list[ParsedOrder]] = {}
    for p in people:
        for o in p.orders:
            by_platform.setdefault(p.platform, []).append(o)
    steps = len(by_platform) + 1
    with tempfile.TemporaryDirectory(prefix="crm-demo-") as folder:
        for step, (platform, orders) in enumerate(sorted(by_platform.items())):
            orders.sort(key=lambda o: o.ordered_at)
            stamp = f"{now:%Y%m%d%H%M}"
            name = {
                "taobao": f"ExportOrderList{stamp}.csv",
                "jd": f"jd_orders_{stamp}.csv",
                "pdd": f"pdd_orders_{stamp}.csv",
                "douyin": f"douyin_orders_{stamp}.csv",
                "shopify": "orders_export.csv",
            }[platform]
            file = write_export(platform, orders, Path(folder) / name)
            receipt = import_file(
                file,
                platform=platform,
                now=now,
                today=today,
                progress=lambda d, t, s=step: progress(s * 100 + 100 * d // max(t, 1), steps * 100),
            )
            if receipt.rejected:
                raise CrmError(
                    f"demo: {name} row {receipt.rejected[0].row}: {receipt.rejected[0].reason}"
                )
    add_personal_details(people, now=now)
    loyalty.demo_activity(seed=seed, today=today, now=now)
    loyalty.startup(today=today, now=now)
    followups.add_demo_activity(seed=seed, today=today, now=now)
    plant_duplicates(people, seed=seed, today=today, now=now)
    # A backup to show on the Backups page (and a safety net from the first minute).
    make_backup("manual", now=now)
    progress(steps * 100, steps * 100)
    return DemoSummary(path, customers, sum(len(p.orders) for p in people))


def plant_duplicates(people: list[DemoPerson], *, seed: int, today: date, now: datetime) -> None:
    """Make a few hand-typed customers the same person as a shop buyer, and merge one more.

    The Duplicates page has something to show (the same phone typed differently, the same
    e-mail in another case) and the merge history one merge; the count stays exactly N: the
    merged customer is an extra one created here and merged away.
    """
    rng = random.Random(seed + 7)
    buyers = [p for p in people if p.platform in ("taobao", "jd") and p.phone and p.orders]
    typed = [p for p in people if p.buyer_key is None]
    if len(buyers) < 2 or not typed:
        return
    chosen = rng.sample(buyers, min(len(buyers), len(typed), 4))
    conn = db.connection()
    order_ids = {
        (p, n): c for p, n, c in conn.execute("SELECT platform, order_no, customer_id FROM orders")
    }
    for buyer, person in zip(chosen[:-1], typed, strict=False):
        phone = buyer.phone or ""
        cid = conn.execute(
            "SELECT id FROM customer WHERE source_platform = 'manual' AND display_name = ?",
            (person.display_name,),
        ).fetchone()
        if cid is None:
            continue
        data = customers_service.to_input(customers_service.get_customer(int(cid[0])))
        data.real_name = buyer.real_name
        data.phone = f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"  # typed by hand, with dashes
        data.city = buyer.city
        customers_service.update_customer(int(cid[0]), data, today=today, now=now)
    last = chosen[-1]
    kept = order_ids.get((last.platform, last.orders[0].order_no))
    if kept is None:
        return
    extra = customers_service.create_customer(
        customers_service.CustomerInput(
            display_name=last.real_name, real_name=last.real_name, phone=last.phone or "",
            city=last.city, notes="在微信上加的好友",
        ),
        today=today,
        now=now,
    )  # fmt: skip
    duplicates.merge(int(kept), extra, now=now, today=today)


def add_personal_details(people: list[DemoPerson], *, now: datetime) -> None:
    """Hand-typed customers, and the tags, notes, birthdays a merchant adds over time."""
    conn = db.connection()
    with db.atomic():
        set_setting("currency", "CNY")
        # Who became which customer: found through their first order (order numbers are
        # unique), whatever buyer key the importer derived from the export.
        ids = {
            (p, n): c
            for p, n, c in conn.execute("SELECT platform, order_no, customer_id FROM orders")
        }
        next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM customer").fetchone()[0]) + 1
        manual, details, tag_rows, note_rows = [], [], [], []
        tag_ids: dict[str, int] = {}
        for name in TAGS:
            conn.execute("INSERT OR IGNORE INTO tag (name) VALUES (?)", (name,))
            tag_ids[name] = conn.execute("SELECT id FROM tag WHERE name = ?", (name,)).fetchone()[0]
        for p in people:
            if p.buyer_key is None:
                cid = next_id
                next_id += 1
                manual.append((
                    cid, p.display_name, p.real_name, p.phone, 0, p.phone, p.email,
                    p.email.lower() if p.email else None, p.gender, p.birthday,
                    official_province(p.province),
                    p.city, p.address, "manual", p.note, now, now,
                ))  # fmt: skip
            else:
                cid = ids[(p.platform, p.orders[0].order_no)]
                details.append((p.gender, p.birthday, p.note, cid))
            tag_rows.extend((cid, tag_ids[t]) for t in p.tags)
            if p.note:
                note_rows.append((cid, now, p.note))
        executemany(_CUSTOMER_INSERT, manual)
        executemany("UPDATE customer SET gender = ?, birthday = ?, notes = ? WHERE id = ?", details)
        executemany("INSERT INTO customer_tag (customer_id, tag_id) VALUES (?,?)", tag_rows)
        executemany("INSERT INTO note (customer_id, created_at, body) VALUES (?,?,?)", note_rows)
