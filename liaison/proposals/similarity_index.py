"""The similar-proposal engine (查重), free of Django so bench/ can load 200,000 proposals.

Terms are character bigrams of Chinese text (no word list to keep up to date; a bigram is a
word or half of one) plus lower-cased Latin words and numbers; the title counts twice.
Documents are compared by the cosine of their TF-IDF vectors (1 + log tf, smoothed idf).

A query runs in two stages so it stays fast at city scale:
1. candidates: every document keeps only its `signature_size` heaviest terms in the inverted
   lists, and the query looks up only its `query_terms` heaviest terms (rare, telling ones;
   the common bigrams of 建议 and 进一步 are never read), accumulating partial scores;
2. exact: the best `candidates` of those are re-scored with their full vectors (from
   `loader`) and the top k returned with their exact cosine.
bench/similar_proposals.py measures both the time and the recall against exact cosine over
every document.
"""

import heapq
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from operator import itemgetter

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[a-z0-9]+")


def term_counts(title: str, body: str = "") -> dict[str, int]:
    """Bigram (and Latin word) counts of a title and a body; the title's count double."""
    counts: Counter = Counter()
    for text, weight in ((title, 2), (body, 1)):
        for run in _CJK_RUN.findall(text):
            if len(run) == 1:
                counts[run] += weight
            for i in range(len(run) - 1):
                counts[run[i : i + 2]] += weight
        for word in _LATIN.findall(text.lower()):
            counts[word] += weight
    return dict(counts)


class SimilarityIndex:
    def __init__(
        self,
        loader: Callable[[list], dict] | None = None,
        signature_size: int | None = 48,
        query_terms: int | None = 40,
        candidates: int = 50,
    ):
        """`loader(doc_ids) -> {doc_id: term counts}` gives full vectors for the exact stage;
        with signature_size=None the index holds every term and scores are exact already."""
        self.loader = loader
        self.signature_size = signature_size
        self.query_terms = query_terms
        self.candidates = candidates
        self.df: Counter = Counter()
        self.postings: dict[str, tuple[array, array]] = {}
        self.slot_of: dict = {}  # doc id → its live slot
        self.doc_of: list = []  # slot → doc id, or None once replaced or removed
        self.norms = array("f")  # slot → length of the document's full TF-IDF vector
        self.terms_of: dict = {}  # doc id → its distinct terms (for df on removal)

    def __len__(self) -> int:
        return len(self.slot_of)

    def weights(self, counts: dict[str, int]) -> dict[str, float]:
        """TF-IDF weights, not normalised."""
        n, df, log = len(self.slot_of) + 1, self.df, math.log
        return {
            t: (1 + log(c)) * log(1 + n / (df.get(t, 0) + 1)) for t, c in counts.items() if c > 0
        }

    def vector(self, counts: dict[str, int]) -> dict[str, float]:
        """Unit TF-IDF vector."""
        weights = self.weights(counts)
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    # --- building ---------------------------------------------------------------------------

    def count_documents(self, items: Iterable[tuple[object, dict[str, int]]]) -> None:
        """First pass of a bulk build: document frequencies, so every signature of the second
        pass (add(..., counted=True)) is weighted with the same idf."""
        for doc_id, counts in items:
            self.df.update(counts.keys())
            self.slot_of[doc_id] = -1

    def add(self, doc_id, counts: dict[str, int], counted: bool = False) -> None:
        """Add or replace one document."""
        if not counted:
            self.remove(doc_id)
            self.df.update(counts.keys())
        self.slot_of[doc_id] = slot = len(self.doc_of)
        self.doc_of.append(doc_id)
        self.terms_of[doc_id] = tuple(counts)
        weights = self.weights(counts)
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        self.norms.append(norm)
        weights = {t: w / norm for t, w in weights.items()}
        kept = (
            heapq.nlargest(self.signature_size, weights.items(), key=itemgetter(1))
            if self.signature_size
            else weights.items()
        )
        for term, weight in kept:
            lists = self.postings.get(term)
            if lists is None:
                lists = self.postings[term] = (array("i"), array("f"))
            lists[0].append(slot)
            lists[1].append(weight)

    def remove(self, doc_id) -> None:
        slot = self.slot_of.pop(doc_id, None)
        if slot is None:
            return
        if slot >= 0:
            self.doc_of[slot] = None  # its postings are skipped from now on
        self.df.subtract(self.terms_of.pop(doc_id, ()))

    # --- querying ---------------------------------------------------------------------------

    def query(self, counts: dict[str, int], k: int = 10, exclude=()) -> list[tuple[object, float]]:
        """The k most similar documents as (doc id, cosine), best first."""
        query = self.vector(counts)
        n, df = len(self.slot_of) + 1, self.df
        idfs = {t: math.log(1 + n / (df.get(t, 0) + 1)) for t in query}
        terms = sorted(query.items(), key=itemgetter(1), reverse=True)
        if self.query_terms:
            terms = terms[: self.query_terms]
        scores: dict[int, float] = {}
        get = scores.get
        for term, q_weight in terms:
            lists = self.postings.get(term)
            if lists is None:
                continue
            for slot, weight in zip(*lists, strict=True):
                scores[slot] = get(slot, 0.0) + q_weight * weight
        doc_of = self.doc_of
        excluded = set(exclude)
        wanted = k if self.loader is None else max(k, self.candidates)
        ranked = []
        best = heapq.nlargest(wanted + len(excluded) + 8, scores.items(), key=itemgetter(1))
        for slot, score in best:
            doc_id = doc_of[slot]
            if doc_id is not None and doc_id not in excluded:
                ranked.append((slot, doc_id, score))
            if len(ranked) == wanted:
                break
        if self.loader is None or not ranked:
            return [(doc_id, score) for _slot, doc_id, score in ranked[:k]]
        # Exact cosine: the query's weights against each candidate's full term counts (the
        # candidate's norm was kept when it was added).
        full = self.loader([doc_id for _slot, doc_id, _score in ranked])
        log, norms = math.log, self.norms
        exact = []
        for slot, doc_id, _score in ranked:
            counts = full.get(doc_id) or {}
            dot = sum(w * (1 + log(counts[t])) * idfs[t] for t, w in query.items() if t in counts)
            exact.append((doc_id, dot / norms[slot]))
        exact.sort(key=itemgetter(1), reverse=True)
        return exact[:k]
