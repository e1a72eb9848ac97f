"""The Wegwijs social map (sociale kaart): HSDS 3.0 data, a SQLite store and Dutch search.

Knows nothing of the web or the bot; they use this public interface.
"""

from .facade import ImportReport, SocialMap
from .hsds import RecordError, ValidationError
from .resources import default_db_path
from .search import Hit, ParameterError, SearchQuery, SearchResult

__all__ = [
    "Hit", "ImportReport", "ParameterError", "RecordError", "SearchQuery", "SearchResult",
    "SocialMap", "ValidationError", "default_db_path",
]
