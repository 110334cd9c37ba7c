"""Synthetic but realistic data at office, district or province scale, for `make bench`.

`python manage.py bench_generate --scale office|district|province` runs every app's
`benchgen` module (found by Django's autodiscover, in the order they register) against one
Context: the scale's counts, a seeded random generator, a BulkLoader (COPY on PostgreSQL) and
what earlier generators made (offices, members, activities), so later apps refer to them
without reading them back. Rows go straight into the tables: this is fixture data for
measuring pages, not a way to write business records.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from liaison.core.bulk import BulkLoader

# Province: 2,000 offices, 50,000 members, 100,000 activities, 2,000,000 attendance rows,
# 200,000 proposals, 500,000 opinions, 10,000,000 duty records. District ≈ 1/50 of that.
SCALES = {
    "office": {
        "cities": 1,
        "districts": 1,
        "offices": 1,
        "members": 30,
        "activities": 60,
        "attendance": 1_200,
        "proposals": 100,
        "opinions": 250,
        "duty": 5_000,
    },
    "district": {
        "cities": 1,
        "districts": 1,
        "offices": 40,
        "members": 1_000,
        "activities": 2_000,
        "attendance": 40_000,
        "proposals": 4_000,
        "opinions": 10_000,
        "duty": 200_000,
    },
    "province": {
        "cities": 14,
        "districts": 140,
        "offices": 2_000,
        "members": 50_000,
        "activities": 100_000,
        "attendance": 2_000_000,
        "proposals": 200_000,
        "opinions": 500_000,
        "duty": 10_000_000,
    },
}
YEARS = 5  # the data spans this many years up to the current one
POOL_SIZE = 400  # texts per length range (Context.prose)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤康"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌海波晓东俊峰玉兰德君"
    "升朝阳希宏新春梅林辉成雪婷慧鹏飞宇琳浩然欣怡子轩"
)
PLACES = [
    "燕山",
    "定王台",
    "文艺路",
    "韭菜园",
    "五里牌",
    "火星",
    "马王堆",
    "东岸",
    "东屯渡",
    "湘湖",
    "荷花园",
    "朝阳",
    "望月湖",
]
TOPICS = [
    "社区养老服务",
    "老旧小区改造",
    "校园周边食品安全",
    "背街小巷环境整治",
    "非公经济发展",
    "停车难问题",
    "垃圾分类",
    "节能减排",
    "社区医疗",
    "营商环境",
    "文化惠民",
    "安全生产",
    "城市内涝治理",
    "电动车充电",
    "就业创业服务",
]
PHRASES = [
    "经过走访调研发现",
    "群众反映比较集中的是",
    "建议有关部门进一步加强",
    "统筹协调各方力量",
    "完善长效管理机制",
    "加大资金投入力度",
    "明确责任分工",
    "定期开展督查检查",
    "充分听取居民意见",
    "切实解决群众急难愁盼问题",
    "推动政策落地见效",
    "形成齐抓共管的工作格局",
    "目前仍存在一些不足",
    "相关配套设施还不完善",
    "希望街道牵头组织",
]


@dataclass
class Context:
    scale_name: str
    scale: dict
    loader: BulkLoader
    rng: random.Random
    now: datetime.datetime = field(default_factory=timezone.now)
    offices: list[int] = field(default_factory=list)
    office_district: dict[int, int] = field(default_factory=dict)
    departments: dict[int, list[int]] = field(default_factory=dict)  # office → its street's
    members: dict[int, list[int]] = field(default_factory=dict)  # office → member ids
    activities: list[tuple[int, int, datetime.datetime]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # what one app leaves for another
    _pools: dict = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return list(range(self.now.year - YEARS + 1, self.now.year + 1))

    def name(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def topic(self) -> str:
        return self.rng.choice(TOPICS)

    def title(self) -> str:
        return f"关于{self.rng.choice(PLACES)}{self.topic()}的建议"

    def text(self, low: int, high: int) -> str:
        """Chinese prose of low–high characters."""
        target = self.rng.randint(low, high)
        parts, length = [], 0
        while length < target:
            piece = self.rng.choice(PHRASES) + self.topic() + "，"
            parts.append(piece)
            length += len(piece)
        return ("".join(parts))[: target - 1] + "。"

    def prose(self, low: int, high: int) -> str:
        """Like text(), drawn from a pool built once per length range: millions of rows do
        not each compose their prose (a pool of a few hundred reads as varied on any page)."""
        pool = self._pools.get((low, high))
        if pool is None:
            pool = self._pools[(low, high)] = [self.text(low, high) for _ in range(POOL_SIZE)]
        return self.rng.choice(pool)

    def moment(self, year: int) -> datetime.datetime:
        """A working-hours moment of `year`, not after now."""
        start = datetime.datetime(year, 1, 1, tzinfo=self.now.tzinfo)
        end = min(self.now, datetime.datetime(year, 12, 31, 18, tzinfo=self.now.tzinfo))
        seconds = max(int((end - start).total_seconds()), 1)
        moment = start + datetime.timedelta(seconds=self.rng.randrange(seconds))
        return moment.replace(hour=self.rng.choice((9, 10, 14, 15)), minute=0, second=0)

    def per_office(self, total: int) -> list[int]:
        """`total` split over the offices, unevenly (as real offices are)."""
        weights = [self.rng.uniform(0.5, 1.5) for _ in self.offices]
        scale = total / sum(weights)
        counts = [int(w * scale) for w in weights]
        counts[0] += total - sum(counts)
        return counts


def through_columns(m2m) -> list[str]:
    """A many-to-many's table columns, this side's first: `through_columns(Opinion.raisers)`."""
    return [m2m.field.m2m_column_name(), m2m.field.m2m_reverse_name()]


@dataclass(frozen=True)
class Generator:
    name: str
    run: Callable[[Context], None]
    order: int


_generators: dict[str, Generator] = {}


def register(name: str, order: int):
    """Decorator for an app's generator: `@register("members", order=20)`."""

    def decorator(run):
        _generators[name] = Generator(name, run, order)
        return run

    return decorator


def generators() -> list[Generator]:
    return sorted(_generators.values(), key=lambda g: g.order)
