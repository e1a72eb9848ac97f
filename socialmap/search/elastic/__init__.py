"""The Elasticsearch search backend (`SocialMap(search_backend="elasticsearch")`), see
docs/elasticsearch.md. mapping.py: analysis and fields; queries.py: request bodies;
results.py: hits in design §5's order; backend.py: the SearchBackend itself."""

from .backend import ElasticBackend
from .mapping import ALIAS

__all__ = ["ALIAS", "ElasticBackend"]
