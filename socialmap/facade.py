"""`SocialMap`: the one object the web, the bot and the CLI use (store + search + validation)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import hsds, jsontext
from .bulk import paused_gc
from .history import record_changes
from .hsds import (
    RecordError,
    Source,
    ValidationError,
    content_hash,
    record_version,
    validate_service,
)
from .models import STATUSES, Service
from .places import Gazetteer, load_gazetteer
from .search import SearchBackend, SearchQuery, SearchResult
from .store import Store
from .taxonomy import Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

BATCH = 2000
STALE_AFTER_DAYS = 365


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RecordError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "rij 2: voorbeeldrij overgeslagen"
    names: dict[int, str] = field(default_factory=dict)  # record/row number -> service name, for the report
    unit: str = "record"  # what record_index counts: "record" (JSON) or "rij" (CSV)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rejected(self) -> int:
        return len({(e.record_index, e.record_id) for e in self.errors})

    def to_dict(self) -> dict:
        return {"imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": self.rejected, "errors": [e.to_dict() for e in self.errors], "notes": self.notes}

    def lines(self) -> list[str]:
        """Each error as an editor reads it: row or record number and the service's name, never its id."""
        lines = []
        for error in self.errors:
            if error.record_index is None:
                where = "Bestand"
            else:
                where = f"{self.unit.capitalize()} {error.record_index}"
                name = self.names.get(error.record_index)
                if name:
                    where += f" ({name})"
            lines.append(f"{where}, veld '{error.field}': {error.message}")
        return lines

    def summary(self) -> str:
        return (f"{self.imported} nieuw, {self.updated} bijgewerkt, {self.unchanged} ongewijzigd, "
                f"{self.rejected} afgekeurd")


class _UnreadableFile(Exception):
    """The file as a whole cannot be read: the import stores nothing of it."""

    def __init__(self, error: RecordError):
        super().__init__(str(error))
        self.error = error


def _locked(method):
    """One SQLite connection serves all threads of a process (web workers, action server)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class SocialMap:
    """The social map in one SQLite file. `path` may be ':memory:'. Safe to share between threads."""

    def __init__(self, path: str | Path, search_backend: str = "fts",
                 taxonomy: Taxonomy | None = None, gazetteer: Gazetteer | None = None,
                 elasticsearch_url: str | None = None):
        self.path = str(path)
        self._lock = threading.RLock()
        self.store = Store(self.path)
        self.taxonomy = taxonomy or load_taxonomy()
        self.places = gazetteer or load_gazetteer()
        self.search_backend = self._make_backend(search_backend, elasticsearch_url)
        self._rebuild_old_index()

    def _rebuild_old_index(self) -> None:
        """An index made by an older version of the analysis is rebuilt once, on opening (checked
        again inside the write transaction, so two processes opening at once rebuild it once)."""
        needs_rebuild = getattr(self.search_backend, "needs_rebuild", None)
        if needs_rebuild is None or not needs_rebuild():
            return
        with self.store.transaction():
            if needs_rebuild():
                log.info("search index of an older format: rebuilding it")
                self.search_backend.rebuild(Service.from_hsds(d) for d in self.store.iter_service_data())

    def _make_backend(self, name: str, elasticsearch_url: str | None) -> SearchBackend:
        if name == "fts":
            from .search.fts import FtsBackend

            return FtsBackend(self.path, self.places, self.taxonomy, conn=self.store.conn)
        if name == "elasticsearch":
            from .search.elastic import ALIAS, ElasticBackend

            if not elasticsearch_url:
                raise ValueError("search_backend 'elasticsearch' needs elasticsearch_url "
                                 "(WEGWIJS_ELASTICSEARCH_URL)")
            return ElasticBackend(elasticsearch_url, self.places, self.taxonomy,
                                  alias=os.environ.get("WEGWIJS_ELASTICSEARCH_INDEX") or ALIAS,
                                  embed=os.environ.get("WEGWIJS_ELASTICSEARCH_VECTORS", "on").lower()
                                  not in ("0", "off", "false", "no"))
        raise ValueError(f"unknown search backend {name!r} (available: fts, elasticsearch)")

    def close(self) -> None:
        self.store.close()

    # -- import / export --------------------------------------------------------------------

    @_locked
    def import_hsds(self, source: Source) -> ImportReport:
        """Import HSDS 3.0 services; bad records are reported and skipped, never half-stored.

        One transaction for the whole file: readers see all of it or none of it, and a file
        that turns out unreadable halfway (a JSON array is read as a stream) stores nothing.
        The search index is built once, in bulk, from the stored records (issue 12)."""
        report = ImportReport()
        index_hsds = getattr(self.search_backend, "index_hsds", None)  # the embedded engine's bulk path
        try:
            with paused_gc(), self.store.bulk_cache(), self.store.transaction():
                records = self._stored_records(source, report)
                if index_hsds is not None:
                    index_hsds(records)
                else:
                    self.search_backend.index_services(Service.from_hsds(data) for data in records)
        except _UnreadableFile as unreadable:
            return ImportReport(errors=[unreadable.error])
        return report

    def _stored_records(self, source: Source, report: ImportReport) -> Iterator[dict]:
        """Validate and store each record; yield the records that are new or changed."""
        batch: list[dict] = []
        seen: dict[str, int] = {}
        for record in hsds.iter_records(source):
            if record.error:
                if record.error.record_index is None:
                    raise _UnreadableFile(record.error)
                report.errors.append(record.error)
                continue
            if isinstance(record.data, dict) and record.data.get("name"):
                report.names.setdefault(record.index, str(record.data["name"]))
            errors = validate_service(record.data, record.index, self.taxonomy)
            record_id = str(record.data.get("id"))
            if not errors and record_id in seen:
                errors = [RecordError(record.index, record_id, "id",
                                      f"dit id staat al in record {seen[record_id]} van hetzelfde bestand")]
            if errors:
                report.errors.extend(errors)
                continue
            seen[record_id] = record.index
            batch.append(record.data)
            if len(batch) >= BATCH:
                yield from self._store_batch(batch, report)
                batch = []
        yield from self._store_batch(batch, report)

    def _store_batch(self, batch: list[dict], report: ImportReport) -> Iterator[dict]:
        if not batch:
            return
        stored = self.store.stored_rows(str(data["id"]) for data in batch)
        changed: list[tuple[dict, str, str]] = []
        for data in batch:
            version, digest = record_version(data), content_hash(data)
            old = stored.get(str(data["id"]))
            if old and (old.content_hash == digest or (version and old.version and version < old.version)
                        or old.content_hash == jsontext.legacy_digest(data)):
                report.unchanged += 1
                continue
            changed.append((data, version, digest))
            if old:
                report.updated += 1
            else:
                report.imported += 1
        if changed:
            self.store.upsert_many(changed)
            for data, _, _ in changed:
                yield data

    def import_csv(self, source) -> ImportReport:
        """Import the editors' CSV template; errors and names are reported by row number in the file."""
        import dataclasses

        from .csv_import import csv_rows

        rows, errors, skipped, names = csv_rows(source, self.taxonomy, self.places)
        report = self.import_hsds([record for _row, record in rows])
        row_of = {index: row for index, (row, _record) in enumerate(rows, start=1)}
        report.errors = errors + [dataclasses.replace(e, record_index=row_of.get(e.record_index, e.record_index))
                                  for e in report.errors]
        report.names = {row: name for row, name in names.items() if name}
        report.unit = "rij"
        report.notes = [f"Rij {row}: de voorbeeldrij van het sjabloon is overgeslagen (niet ingelezen)."
                        for row in skipped]
        return report

    def import_tabular(self, source: str | Path) -> ImportReport:
        """Import an HSDS tabular package (CSV tables + datapackage.json; a folder, the
        datapackage.json in it, or a zip) through the same validation as JSON."""
        from .tabular import read_tables

        return self.import_hsds(read_tables(Path(source)))

    def export_tabular(self, folder: str | Path) -> list[Path]:
        """Write every service as an HSDS tabular package into `folder`."""
        from .tabular import export_tables

        return export_tables(self.export_hsds(), Path(folder))

    @_locked
    def export_hsds(self) -> list[dict]:
        return list(self.store.iter_service_data())

    # -- reading ------------------------------------------------------------------------------

    @_locked
    def get_service(self, service_id: str) -> Service | None:
        data = self.store.get_service_data(service_id)
        return Service.from_hsds(data) if data else None

    @_locked
    def get_service_hsds(self, service_id: str) -> dict | None:
        return self.store.get_service_data(service_id)

    @_locked
    def list_services(self, status: str | None = None, stale: bool | None = None,
                      organization_id: str | None = None, name_like: str | None = None,
                      limit: int | None = None, offset: int = 0) -> list[Service]:
        before = self._stale_before() if stale else None
        return [Service.from_hsds(d) for d in self.store.list_service_data(
            status=status, stale_before=before, organization_id=organization_id,
            name_like=name_like, limit=limit, offset=offset)]

    @_locked
    def count_services(self, status: str | None = None) -> int:
        return self.store.count(status)

    @_locked
    def stale_services(self, today: dt.date | None = None) -> list[Service]:
        return [Service.from_hsds(d) for d in self.store.list_service_data(
            stale_before=self._stale_before(today))]

    def _stale_before(self, today: dt.date | None = None) -> dt.date:
        return (today or dt.date.today()) - dt.timedelta(days=STALE_AFTER_DAYS)

    @_locked
    def list_organizations(self) -> list[dict]:
        organizations: dict[str, dict] = {}
        for data in self.store.iter_service_data():
            organization = data.get("organization")
            if isinstance(organization, dict) and organization.get("id"):
                organizations.setdefault(str(organization["id"]), organization)
        return sorted(organizations.values(), key=lambda o: (o.get("name") or "").lower())

    def list_taxonomy_terms(self) -> list[dict]:
        terms = [{"id": f"ladder:{s.slug}", "code": s.slug, "name": s.label, "taxonomy": "ladder",
                  "description": s.description} for s in self.taxonomy.ladder]
        terms += [{"id": f"onderwerp:{t.slug}", "code": t.slug, "name": t.label,
                   "taxonomy": "onderwerp", "description": t.description, "parent_id": None}
                  for t in self.taxonomy.topics]
        return terms

    # -- editing ------------------------------------------------------------------------------

    @_locked
    def upsert_service(self, data: dict, updated_by: str = "wegwijs") -> Service:
        """Validate and store one HSDS service (as editors do); raises ValidationError.

        What changed since the stored version is appended to the record's HSDS `metadata` under
        `updated_by` (the editor's user name), and `last_modified` is set (socialmap.history).
        """
        errors = validate_service(data, 1, self.taxonomy)
        if errors:
            raise ValidationError(errors)
        record_changes(self.store.get_service_data(str(data["id"])), data, updated_by)
        errors = validate_service(data, 1, self.taxonomy)  # the history entries must be valid HSDS too
        if errors:
            raise ValidationError(errors)
        with self.store.transaction():
            self.store.upsert_many([(data, record_version(data), content_hash(data))])
            service = Service.from_hsds(data)
            self.search_backend.index_services([service])
        return service

    def _edit(self, service_id: str, change, updated_by: str = "wegwijs") -> Service:
        data = self.store.get_service_data(service_id)
        if data is None:
            raise KeyError(service_id)
        change(data)
        return self.upsert_service(data, updated_by)

    @_locked
    def set_status(self, service_id: str, status: str, updated_by: str = "wegwijs") -> Service:
        if status not in STATUSES:
            raise ValidationError([RecordError(None, service_id, "status",
                                               f"ongeldige status; toegestaan: {', '.join(STATUSES)}")])
        return self._edit(service_id, lambda data: data.__setitem__("status", status), updated_by)

    @_locked
    def verify(self, service_id: str, date: dt.date | None = None, updated_by: str = "wegwijs") -> Service:
        """Mark a service as checked today (HSDS assured_date)."""
        day = (date or dt.date.today()).isoformat()
        return self._edit(service_id, lambda data: data.__setitem__("assured_date", day), updated_by)

    @_locked
    def delete_services(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        with self.store.transaction():
            self.store.delete(ids)
            self.search_backend.remove(ids)

    @_locked
    def reindex(self) -> int:
        with self.store.transaction():
            return self.search_backend.rebuild(Service.from_hsds(d) for d in self.store.iter_service_data())

    # -- searching ------------------------------------------------------------------------

    @_locked
    def search(self, query: SearchQuery) -> SearchResult:
        return self.search_backend.search(query)

    @_locked
    def stats(self) -> dict:
        counts = self.store.counts_by_status()
        return {
            "services": sum(counts.values()),
            "by_status": counts,
            "stale": self.store.count_stale(self._stale_before()),
            "organizations": len(self.list_organizations()),
            "search_backend": self.search_backend.name,
        }
