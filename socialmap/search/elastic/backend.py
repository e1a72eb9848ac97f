"""SearchBackend on Elasticsearch 8: versioned indices behind an alias, bulk-loaded.

`rebuild` fills a fresh index `<alias>-v<timestamp>` while searches keep using the old one, then
moves the alias in one atomic `_aliases` call and deletes the old index, so a reindex never
takes search down. `index_services` and `remove` (an editor's save, an import) write through
the alias to the live index and wait for the refresh, so the next search sees the change.

What the query means (validation, a place named in it, topics from the thesaurus) is planned by
the embedded engine's own planner (ranking.plan_query); this backend only supplies the words it
knows, as the planner asks of any backend.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from elasticsearch import BadRequestError, Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk, scan, streaming_bulk

from ...models import Service
from ...places import Gazetteer
from ...taxonomy import Taxonomy
from ...text import normalize_name
from ..analyzer import Lexicon, analyze
from ..crisis import crisis_signal
from ..documents import SearchDocument, build_document
from ..query import SearchQuery, SearchResult
from ..ranking import plan_query
from ..schedule import is_open, local_now
from ..semantic import passage_text
from .mapping import ALIAS, es_document, index_template, taxonomy_words, versioned_name
from .queries import CANDIDATES, Plan, rule_candidates_body, search_body
from .results import page_of

CHUNK = 500
EMBED_BATCH = 32


class Embedder(Protocol):
    def passages(self, texts: list[str]) -> Any: ...

    def query(self, text: str) -> Any: ...


class E5Embedder:
    """multilingual-e5-small through socialmap.search.semantic (loads on first use)."""

    def passages(self, texts: list[str]):
        from ..semantic import embed_passages

        return embed_passages(texts)

    def query(self, text: str):
        from ..semantic import embed_query

        return embed_query(text)


class ElasticBackend:
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | str, gazetteer: Gazetteer, taxonomy: Taxonomy, *,
                 alias: str = ALIAS, embedder: Embedder | None = None, embed: bool = True,
                 topics_by_meaning: bool = True, now: Callable = local_now, candidates: int = CANDIDATES):
        self._owns_client = isinstance(client, str)
        self.client = Elasticsearch(client, request_timeout=30) if isinstance(client, str) else client
        self.gazetteer, self.taxonomy = gazetteer, taxonomy
        self.alias = alias
        self.embedder = (embedder or E5Embedder()) if embed else None
        self.topics_by_meaning = topics_by_meaning
        self.now = now
        self.candidates = candidates
        self.lexicon = Lexicon(taxonomy_words(taxonomy))
        self._vocabulary: set[str] = set()
        self._vocabulary_loaded = False
        self._lock = threading.RLock()
        self._ready = False

    # -- the index and its alias -------------------------------------------------------------

    def ensure_index(self) -> None:
        """The alias exists: on a fresh cluster, create the template and a first index behind it."""
        if self._ready:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            self.client.indices.put_index_template(name=self.alias, **index_template(self.taxonomy, self.alias))
            # a fixed first name: two processes starting at once create one index, not two
            try:
                self.client.indices.create(index=f"{self.alias}-v0", aliases={self.alias: {}})
            except BadRequestError as error:
                if error.error != "resource_already_exists_exception":
                    raise
        self._ready = True

    def live_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    # -- writing -------------------------------------------------------------------------------

    def _documents(self, services: Iterable[Service]) -> list[SearchDocument]:
        return [build_document(s, self.gazetteer, self.taxonomy) for s in services]

    def _actions(self, documents: list[SearchDocument], index: str) -> Iterator[dict]:
        vectors: list = [None] * len(documents)
        if self.embedder is not None:
            for start in range(0, len(documents), EMBED_BATCH):
                chunk = documents[start:start + EMBED_BATCH]
                vectors[start:start + len(chunk)] = list(self.embedder.passages([passage_of(d) for d in chunk]))
        for document, vector in zip(documents, vectors, strict=True):
            yield {"_op_type": "index", "_index": index, "_id": document.id,
                   "_source": es_document(document, self.taxonomy.ladder_rank(document.ladder), vector)}
        self._learn(documents)

    def _learn(self, documents: Iterable[SearchDocument]) -> None:
        """Remember names and terms, so the planner does not 'correct' words the index knows."""
        with self._lock:
            for document in documents:
                self.lexicon.add([document.name])
                for text in (document.text_name, document.text_body, document.text_topics):
                    self._vocabulary.update(analyze(text, self.lexicon))

    def index_services(self, services: Iterable[Service]) -> int:
        documents = self._documents(services)
        if not documents:
            return 0
        self.ensure_index()
        count, _ = bulk(self.client, self._actions(documents, self.alias), chunk_size=CHUNK, refresh="wait_for")
        return count

    def remove(self, service_ids: Iterable[str]) -> None:
        ids = list(service_ids)
        if not ids:
            return
        self.ensure_index()
        bulk(self.client, ({"_op_type": "delete", "_index": self.alias, "_id": sid} for sid in ids),
             chunk_size=CHUNK, ignore_status=(404,), refresh="wait_for")

    def rebuild(self, services: Iterable[Service]) -> int:
        """Load a new index beside the live one, then swap the alias; the old index goes last."""
        self.client.indices.put_index_template(name=self.alias, **index_template(self.taxonomy, self.alias))
        new = versioned_name(self.alias)
        self.client.indices.create(index=new, settings={"refresh_interval": "-1"})
        count = 0
        try:
            for batch in _batches(services, 2000):
                documents = self._documents(batch)
                for ok, _item in streaming_bulk(self.client, self._actions(documents, new), chunk_size=CHUNK):
                    count += 1 if ok else 0
            self.client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
            self.client.indices.refresh(index=new)
        except Exception:
            self.client.options(ignore_status=404).indices.delete(index=new)
            raise
        old = [name for name in self.live_indices() if name != new]
        self.client.indices.update_aliases(actions=[
            *({"remove": {"index": name, "alias": self.alias}} for name in old),
            {"add": {"index": new, "alias": self.alias}},
        ])
        for name in old:
            self.client.options(ignore_status=404).indices.delete(index=name)
        self._ready = True
        return count

    def drop(self) -> None:
        """Delete every index behind the alias and the template (tests, decommissioning)."""
        for name in self.live_indices():
            self.client.options(ignore_status=404).indices.delete(index=name)
        self.client.options(ignore_status=404).indices.delete_index_template(name=self.alias)
        self._ready = False

    # -- what the planner asks -------------------------------------------------------------------

    def _load_vocabulary(self) -> None:
        """Once per process: the words of services indexed by other processes (one scan)."""
        if self._vocabulary_loaded:
            return
        with self._lock:
            if self._vocabulary_loaded:
                return
            fields = ["document.text_name", "document.text_body", "document.text_topics"]
            try:
                for row in scan(self.client, index=self.alias, _source=fields, size=1000):
                    source = row["_source"].get("document", {})
                    self.lexicon.add([source.get("text_name", "")])
                    for name in ("text_name", "text_body", "text_topics"):
                        self._vocabulary.update(analyze(source.get(name, ""), self.lexicon))
            except NotFoundError:
                pass
            self._vocabulary_loaded = True

    def knows_term(self, term: str) -> bool:
        return term in self._vocabulary

    @property
    def vocabulary(self) -> set[str]:
        return self._vocabulary

    # -- searching ---------------------------------------------------------------------------------

    def plan(self, query: SearchQuery) -> tuple[Plan, Any]:
        """(what to send, the embedded planner's plan): ParameterErrors are the embedded engine's."""
        self._load_vocabulary()
        planned = plan_query(query, self, semantic=self.topics_by_meaning)
        # the words that carry the need, as the embedded engine matches them: without a place
        # named in the query and without a question's framing (framing.py)
        text = planned.text if planned.has_text else ""
        vector = None
        if text and self.embedder is not None:
            vector = [float(x) for x in self.embedder.query(query.q)]
        plan = Plan(query=query, text=text, exact=normalize_name(query.q), municipality=planned.municipality,
                    origin=planned.origin, topics=dict(planned.topic_weights), today=self.now().date(), vector=vector)
        if query.open_at is not None:
            plan.open_ids = self._open_by_rule(plan)
        return plan, planned

    def _open_by_rule(self, plan: Plan) -> list[str]:
        """Ids of services open at open_at by a recurrence rule, decided by schedule.is_open."""
        self.ensure_index()
        response = self.client.search(index=self.alias, **rule_candidates_body(plan))
        open_ids = []
        for hit in response["hits"]["hits"]:
            windows = [tuple(w) for w in hit["_source"].get("document", {}).get("windows", [])]
            if is_open(windows, plan.query.open_at):
                open_ids.append(hit["_id"])
        return open_ids

    def search(self, query: SearchQuery) -> SearchResult:
        plan, planned = self.plan(query)
        self.ensure_index()
        body = search_body(plan, self.candidates)
        response = self.client.search(index=self.alias, **body)
        hits, total = page_of(response.body if hasattr(response, "body") else response, plan,
                              self.taxonomy, self.now(), window=body["size"])
        # the crisis box (design §5) comes from the same words as in the embedded engine; pinning
        # the helplines above the hits is the embedded engine's alone for now
        return SearchResult(total=total, items=hits, detected_place=planned.detected_place,
                            detected_topics=list(planned.topic_weights), crisis=crisis_signal(query.q))

    def close(self) -> None:
        if self._owns_client:
            self.client.close()


def passage_of(document: SearchDocument) -> str:
    """The text whose vector stands for the service: the same text as the embedded engine's."""
    return passage_text(document.name, document.organization, document.description)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
