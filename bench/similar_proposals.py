"""Similar-proposal check (查重) at city scale: top-10 over N synthetic Chinese proposals.

    python bench/similar_proposals.py [--docs 200000] [--queries 200] [--exact-queries 50]

Prints the build time, the time per top-10 query of the app's index (two stages: pruned
inverted lists, then exact re-scoring; liaison/proposals/similarity_index.py) and its
recall@10 against the exhaustive answer: the exact cosine of the full TF-IDF vectors against
every one of the N proposals. Targets: ≤ 50 ms per query, recall@10 ≥ 0.95.

The corpus: proposals drawn from 60 topics (停车, 垃圾分类, 老旧小区…), each topic with its own
phrases over a shared stock of 公文 phrasing, so that topics overlap as real proposals do;
one in five proposals is a rewrite of an earlier one (the case 查重 is for). Queries are new
drafts: rewrites of random proposals, or fresh proposals on a random topic.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from liaison.proposals.similarity_index import SimilarityIndex, term_counts

COMMON = [
    "建议",
    "进一步",
    "加强",
    "完善",
    "推进",
    "落实",
    "工作",
    "机制",
    "问题",
    "情况",
    "部门",
    "相关",
    "有关",
    "社会",
    "群众",
    "居民",
    "管理",
    "服务",
    "街道",
    "社区",
    "政府",
    "加大",
    "力度",
    "提高",
    "水平",
    "建立",
    "健全",
    "制度",
    "措施",
    "统筹",
    "协调",
    "保障",
    "发展",
    "重视",
    "提升",
    "目前",
    "存在",
    "一是",
    "二是",
    "三是",
    "同时",
    "通过",
    "开展",
    "实现",
    "做好",
    "有效",
    "切实",
    "积极",
    "引导",
    "支持",
    "鼓励",
    "规范",
    "监督",
    "考核",
    "资金",
    "投入",
]
HANZI = (
    "停车位改造老旧小区垃圾分类回收餐厨厨余学校食堂校园周边食品安全养老服务日间照料助餐医疗卫生"
    "家庭医生签约社区网格化治理消防通道电动车充电桩噪音扰民油烟污染河道治理黑臭水体绿化公园口袋"
    "健身步道路灯照明背街小巷提质改造农贸市场菜市场流动摊贩占道经营物业管理业主委员会加装电梯无"
    "障碍设施残疾人就业创业小微企业融资担保营商环境审批窗口楼宇经济商务楼招商引资人才公寓托育幼"
    "儿园课后延时服务心理健康青少年网吧文化站图书馆非遗传承历史街区保护旅游夜经济步行街交通拥堵"
    "公交线路地铁接驳共享单车停放斑马线信号灯节能减排光伏屋顶雨水收集海绵城市建筑垃圾渣土运输扬"
    "尘治理空气质量燃气安全老化管网二次供水水质社区矫正矛盾调解信访积案平安建设治安防控视频监控"
    "反诈宣传外卖骑手快递小哥新就业形态权益保障社保"
)


def _words(rng: random.Random, count: int, length=(2, 4)) -> list[str]:
    return ["".join(rng.choice(HANZI) for _ in range(rng.randint(*length))) for _ in range(count)]


class Corpus:
    def __init__(self, docs: int, seed: int = 7):
        self.rng = rng = random.Random(seed)
        self.topics = [_words(rng, 40) for _ in range(60)]
        self.titles: list[str] = []
        self.bodies: list[str] = []
        for i in range(docs):
            if i > 100 and rng.random() < 0.2:
                title, body = self.rewrite(rng.randrange(i))
            else:
                title, body = self.fresh(rng.randrange(len(self.topics)))
            self.titles.append(title)
            self.bodies.append(body)

    def sentence(self, topic: list[str]) -> str:
        rng = self.rng
        parts = []
        for _ in range(rng.randint(6, 12)):
            parts.append(rng.choice(topic) if rng.random() < 0.45 else rng.choice(COMMON))
        return "".join(parts) + "。"

    def fresh(self, topic_no: int) -> tuple[str, str]:
        topic = self.topics[topic_no]
        # Each proposal leans on a few phrases of its own topic, as real ones do.
        focus = self.rng.sample(topic, 10)
        title = "关于" + "".join(self.rng.sample(focus, 2)) + "的建议"
        body = "".join(self.sentence(focus + topic[:5]) for _ in range(self.rng.randint(8, 14)))
        return title, body

    def rewrite(self, of: int) -> tuple[str, str]:
        """An earlier proposal redrafted: sentences dropped, shuffled, a few new ones."""
        sentences = [s for s in self.bodies[of].split("。") if s]
        kept = [s for s in sentences if self.rng.random() < 0.7]
        self.rng.shuffle(kept)
        topic = self.topics[self.rng.randrange(len(self.topics))]
        kept += [self.sentence(topic)[:-1] for _ in range(self.rng.randint(0, 3))]
        return self.titles[of].replace("的建议", "的再建议"), "。".join(kept) + "。"

    def counts(self, doc: int) -> dict[str, int]:
        return term_counts(self.titles[doc], self.bodies[doc])

    def query(self) -> tuple[str, str]:
        if self.rng.random() < 0.5:
            return self.rewrite(self.rng.randrange(len(self.titles)))
        return self.fresh(self.rng.randrange(len(self.topics)))


def build(corpus: Corpus, **options) -> SimilarityIndex:
    exact_stage = options.pop("exact_stage", True)
    index = SimilarityIndex(
        # The app reads these from SimilarityEntry rows; here they are recounted from the text.
        loader=(lambda ids: {i: corpus.counts(i) for i in ids}) if exact_stage else None,
        **options,
    )
    n = len(corpus.titles)
    index.count_documents((i, corpus.counts(i)) for i in range(n))
    for i in range(n):
        index.add(i, corpus.counts(i), counted=True)
    return index


def run(docs: int, queries: int, exact_queries: int) -> dict:
    started = time.perf_counter()
    corpus = Corpus(docs)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    index = build(corpus)
    built = time.perf_counter() - started

    asked = [term_counts(*corpus.query()) for _ in range(queries)]
    timings, answers = [], []
    for counts in asked:
        started = time.perf_counter()
        answers.append([doc for doc, _score in index.query(counts, k=10)])
        timings.append((time.perf_counter() - started) * 1000)

    # Exhaustive: every term of every proposal, no pruning: the exact cosine against all N.
    started = time.perf_counter()
    exhaustive = build(corpus, signature_size=None, query_terms=None, exact_stage=False)
    exhaustive_built = time.perf_counter() - started
    hits = total = 0
    exhaustive_ms = []
    for counts, answer in zip(asked[:exact_queries], answers, strict=False):
        started = time.perf_counter()
        truth = [doc for doc, score in exhaustive.query(counts, k=10) if score > 0]
        exhaustive_ms.append((time.perf_counter() - started) * 1000)
        hits += len(set(truth) & set(answer))
        total += len(truth)
    timings.sort()
    return {
        "docs": docs,
        "generate_s": round(generated, 1),
        "build_s": round(built, 1),
        "query_ms_mean": round(statistics.mean(timings), 1),
        "query_ms_p50": round(timings[len(timings) // 2], 1),
        "query_ms_p95": round(timings[int(len(timings) * 0.95) - 1], 1),
        "recall_at_10": round(hits / total, 3) if total else None,
        "recall_queries": min(exact_queries, queries),
        "exhaustive_build_s": round(exhaustive_built, 1),
        "exhaustive_ms_mean": round(statistics.mean(exhaustive_ms), 1) if exhaustive_ms else None,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--exact-queries", type=int, default=50)
    args = parser.parse_args()
    result = run(args.docs, args.queries, args.exact_queries)
    print("similar proposals:", result)
    ok = (result["query_ms_mean"] <= 50) and (result["recall_at_10"] or 0) >= 0.95
    print("targets (≤ 50 ms, recall@10 ≥ 0.95):", "met" if ok else "NOT met")
