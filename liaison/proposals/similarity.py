"""The similar-proposal check in the app: one SimilarityIndex per process, fed from the
SimilarityEntry rows (one per proposal, written on every save) and kept fresh across
processes by a version token in the shared cache: a process whose token is stale loads only
the rows changed since its last look."""

import datetime
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from liaison.proposals.similarity_index import SimilarityIndex, term_counts

VERSION_KEY = "proposals:similarity:version"
SHOWN = 5
MIN_SHOWN = 0.1  # below this, what two proposals share is 关于…的建议
SYNC_MARGIN = datetime.timedelta(minutes=2)  # longer than any transaction that saves one


def warning_threshold() -> float:
    """At this cosine or above the office sees a warning beside the proposal."""
    return float(getattr(settings, "PROPOSAL_SIMILARITY_WARNING", 0.6))


def _load(ids) -> dict:
    from liaison.proposals.models import SimilarityEntry

    return dict(
        SimilarityEntry.objects.filter(proposal_id__in=ids).values_list("proposal_id", "terms")
    )


class _Shared:
    lock = threading.Lock()
    index: SimilarityIndex | None = None
    version = None
    synced_at = None
    built_size = 0  # documents at the last full build


# Idf weights are fixed when a document is added; once the corpus has grown by a quarter
# since the last full build, build again so early signatures don't keep a small corpus's idf.
REBUILD_GROWTH = 1.25


def _build() -> SimilarityIndex:
    """Two passes over the table: document frequencies first, so every signature is weighted
    with the same idf."""
    from liaison.proposals.models import SimilarityEntry

    rows = list(SimilarityEntry.objects.values_list("proposal_id", "terms"))
    index = SimilarityIndex(loader=_load)
    index.count_documents(rows)
    for proposal_id, terms in rows:
        index.add(proposal_id, terms, counted=True)
    _Shared.built_size = len(index)
    return index


def _index() -> SimilarityIndex:
    from liaison.proposals.models import SimilarityEntry

    with _Shared.lock:
        version = cache.get(VERSION_KEY)
        if version is None:  # a fresh cache: start over from the table
            version = uuid.uuid4().hex
            cache.set(VERSION_KEY, version, None)
            _Shared.index = None
        if _Shared.index is not None and version == _Shared.version:
            return _Shared.index
        now = timezone.now()
        if _Shared.index is None:
            _Shared.index = _build()
        else:
            rows = SimilarityEntry.objects.filter(updated_at__gte=_Shared.synced_at - SYNC_MARGIN)
            for proposal_id, terms in rows.values_list("proposal_id", "terms").iterator():
                _Shared.index.add(proposal_id, terms)
            if len(_Shared.index) > REBUILD_GROWTH * _Shared.built_size + 20:
                _Shared.index = _build()
        _Shared.version, _Shared.synced_at = version, now
        return _Shared.index


def update_entry(proposal) -> None:
    """On save: store the proposal's term counts and tell every process the index moved."""
    from liaison.proposals.models import SimilarityEntry

    SimilarityEntry.objects.update_or_create(
        proposal=proposal,
        defaults={
            "terms": term_counts(proposal.title, proposal.text),
            "updated_at": timezone.now(),
        },
    )
    # Now for this process, and again at commit for the others (loads overlap by SYNC_MARGIN).
    _bump()
    transaction.on_commit(_bump)


def _bump():
    # With no token (a fresh or cleared cache) the next reader rebuilds from the table anyway,
    # and must: setting one here would let a stale in-memory index pass for current.
    if cache.get(VERSION_KEY) is not None:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def similar(title: str, text: str, exclude=(), k: int = SHOWN) -> list[dict]:
    """The most similar earlier proposals (not drafts) with their cosine and outcome."""
    from liaison.proposals.models import Proposal, State

    counts = term_counts(title, text)
    if not counts:
        return []
    found = _index().query(counts, k=k + 10, exclude=exclude)
    scores = {pk: score for pk, score in found if score > MIN_SHOWN}
    proposals = Proposal.objects.filter(pk__in=scores).exclude(state=State.DRAFT)
    by_pk = {
        p.pk: p for p in proposals.select_related("office", "lead").prefetch_related("replies")
    }
    results = []
    for pk, score in found:
        if pk in by_pk and pk in scores:
            p = by_pk[pk]
            replies = sorted(p.replies.all(), key=lambda r: (r.round, r.pk))
            results.append(
                {
                    "proposal": p,
                    "score": round(score, 3),
                    "percent": round(score * 100),
                    "grade": replies[-1].get_grade_display() if replies else "",
                    "warn": score >= warning_threshold(),
                }
            )
    return results[:k]


def similar_to(proposal) -> list[dict]:
    return similar(proposal.title, proposal.text, exclude=[proposal.pk])
