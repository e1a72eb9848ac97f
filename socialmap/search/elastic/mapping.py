"""What the Elasticsearch index looks like: Dutch analysis, field mappings and the index template.

The analysis mirrors socialmap.search.analyzer as far as stock Elasticsearch filters allow:
lowercase and ASCII folding, the project's Dutch stopword list, a dictionary decompounder fed
with the project's compound word list (wordlists.py plus the taxonomy's own words, as the
embedded engine's Lexicon), the diminutive rule, then Lucene's classic Snowball Dutch stemmer
(the algorithm PyStemmer calls 'dutch_porter'). The taxonomy thesaurus is applied at search
time only (`synonym_graph` in the search analyzer), so editing the thesaurus never needs a
reindex and multi-word synonyms match as phrases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ...taxonomy import Taxonomy
from ...text import fold, normalize_name
from ..analyzer import Lexicon
from ..documents import SearchDocument
from ..semantic import VECTOR_DIM
from ..wordlists import STOPWORDS_NL

ALIAS = "wegwijs-services"
INDEX_ANALYZER = "wegwijs_dutch"
SEARCH_ANALYZER = "wegwijs_dutch_search"  # INDEX_ANALYZER plus the thesaurus
# The same diminutive rule as analyzer.stem (-je/-jes/-tje/-tjes after three letters, 'maatje' kept).
DIMINUTIVE_PATTERN = "(?<!maat)(?<!maa)(?<=[a-z]{3})(?:tjes|jes|tje|je)$"
MIN_SUBWORD, MIN_COMPOUND = 3, 7  # as analyzer.MIN_PART / MIN_COMPOUND


def taxonomy_words(taxonomy: Taxonomy) -> list[str]:
    """Labels, synonyms, phrases and English terms: the words the embedded Lexicon starts from."""
    words: list[str] = []
    for topic in taxonomy.topics:
        words.extend([topic.label, *topic.synonyms, *topic.phrases, *topic.english])
    for step in taxonomy.ladder:
        words.extend([step.label, *step.synonyms])
    return words


def compound_word_list(taxonomy: Taxonomy) -> list[str]:
    """The decompounder's dictionary: the shipped heads and modifiers plus taxonomy words."""
    return sorted(Lexicon(taxonomy_words(taxonomy)).words)


def synonym_rules(taxonomy: Taxonomy) -> list[str]:
    """One Solr-format equivalence line per topic: 'huishoudelijke hulp, hbh, poetshulp, ...'."""
    rules = []
    for topic in taxonomy.topics:
        terms = []
        for term in topic.terms:
            clean = normalize_name(term)  # folded, punctuation (',', '=>', '#', '(') to spaces
            if clean and clean not in terms:
                terms.append(clean)
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return rules


def analysis_settings(taxonomy: Taxonomy) -> dict:
    chain_start = ["lowercase", "asciifolding"]
    chain_end = ["wegwijs_stop", "wegwijs_decompound", "wegwijs_diminutive", "wegwijs_stemmer"]
    return {
        "filter": {
            "wegwijs_stop": {"type": "stop", "stopwords": sorted({fold(w) for w in STOPWORDS_NL}),
                             "ignore_case": True},
            "wegwijs_decompound": {
                "type": "dictionary_decompounder", "word_list": compound_word_list(taxonomy),
                "min_word_size": MIN_COMPOUND, "min_subword_size": MIN_SUBWORD, "only_longest_match": False,
            },
            "wegwijs_diminutive": {"type": "pattern_replace", "pattern": DIMINUTIVE_PATTERN, "replacement": ""},
            "wegwijs_stemmer": {"type": "stemmer", "language": "dutch"},
            "wegwijs_thesaurus": {"type": "synonym_graph", "synonyms": synonym_rules(taxonomy),
                                  "lenient": True, "expand": True},
        },
        "analyzer": {
            INDEX_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": chain_start + chain_end},
            SEARCH_ANALYZER: {"type": "custom", "tokenizer": "standard",
                              "filter": [*chain_start, "wegwijs_thesaurus", *chain_end]},
        },
    }


def _text() -> dict:
    # Searched with the plain analyzer by default; the thesaurus is asked for explicitly
    # (queries.py) so that it stays a soft expansion next to the words themselves.
    return {"type": "text", "analyzer": INDEX_ANALYZER, "search_analyzer": INDEX_ANALYZER}


def mappings() -> dict:
    keyword = {"type": "keyword"}
    stored_only = {"type": "keyword", "index": False, "doc_values": False}
    return {
        "dynamic": "strict",
        "properties": {
            "id": keyword,
            "name": _text(),
            "organization": _text(),
            "body": _text(),
            "topic_labels": _text(),
            "name_key": keyword,          # normalize_name(name): the exact-name match
            "organization_key": keyword,
            "name_sort": keyword,         # name.lower(): the embedded engine's name order
            "topics": keyword,
            "primary_topic": keyword,
            "ladder": keyword,
            "ladder_rank": {"type": "byte"},
            "municipalities": keyword,
            "national": {"type": "boolean"},
            "active": {"type": "boolean"},
            "free": {"type": "boolean"},
            "min_age": {"type": "float"},
            "max_age": {"type": "float"},
            "assured_date": {"type": "date", "format": "strict_date"},
            "location": {"type": "geo_point"},
            # schedule.windows_of: weekday, minutes, the date it starts; `plain` when no recurrence
            # rule, end date or holiday closure remains to check (those are checked with
            # schedule.is_open in Python, see queries.rule_candidates_body)
            "windows": {"type": "nested", "properties": {
                "day": {"type": "byte"}, "opens": {"type": "short"}, "closes": {"type": "short"},
                "since": {"type": "date", "format": "strict_date"}, "plain": {"type": "boolean"},
            }},
            "vector": {"type": "dense_vector", "dims": VECTOR_DIM, "index": True, "similarity": "cosine"},
            "cost": stored_only,
            # The whole SearchDocument, kept to build hits exactly as the embedded engine does.
            "document": {"type": "object", "enabled": False},
        },
    }


def index_settings(taxonomy: Taxonomy) -> dict:
    return {
        "number_of_shards": 1,          # 100,000 short documents fit one shard; BM25 stats stay exact
        "auto_expand_replicas": "0-1",  # a replica where a second node exists, green on one node
        "analysis": analysis_settings(taxonomy),
    }


def index_template(taxonomy: Taxonomy, alias: str = ALIAS) -> dict:
    """Body of PUT _index_template/<alias>: every versioned index `<alias>-v*` gets it."""
    return {
        "index_patterns": [f"{alias}-v*"],
        "priority": 200,
        "template": {"settings": index_settings(taxonomy), "mappings": mappings()},
        "_meta": {"description": "Wegwijs social map services (socialmap.search.elastic)"},
    }


def versioned_name(alias: str = ALIAS, now: dt.datetime | None = None) -> str:
    """'wegwijs-services-v20261124103000123456': sortable, unique per rebuild."""
    moment = now or dt.datetime.now(dt.timezone.utc)
    return f"{alias}-v{moment.strftime('%Y%m%d%H%M%S%f')}"


def es_document(document: SearchDocument, ladder_rank: int, vector: Iterable[float] | None = None) -> dict:
    """The indexed form of a SearchDocument (documents.build_document)."""
    body = {
        "id": document.id,
        "name": document.text_name,
        "organization": document.organization or "",
        "body": document.text_body,
        "topic_labels": document.text_topics,
        "name_key": normalize_name(document.name),
        "organization_key": normalize_name(document.organization or ""),
        "name_sort": document.name.lower(),
        "topics": list(document.topics),
        "primary_topic": document.topics[0] if document.topics else None,
        "ladder": document.ladder,
        "ladder_rank": ladder_rank,
        "municipalities": list(document.municipalities),
        "national": document.national,
        "active": document.active,
        "free": document.free,
        "min_age": document.min_age,
        "max_age": document.max_age,
        "assured_date": document.assured_date,
        "location": [{"lat": lat, "lon": lon} for lat, lon in document.points],
        "windows": [{"day": day, "opens": opens, "closes": closes, "since": since, "plain": rule is None}
                    for day, opens, closes, since, rule in document.windows],
        "cost": document.cost,
        "document": document.to_json(),
    }
    if vector is not None:
        body["vector"] = [float(x) for x in vector]
    return body
