"""A recording stand-in for an Elasticsearch node, under the official client.

The real `Elasticsearch` client (and its bulk helpers) talk to this node class instead of HTTP,
so tests see exactly the requests the client would send: method, path, query string and body.
It keeps just enough state (indices, aliases, documents) to answer like a single 8.x node.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch


@dataclass
class Request:
    method: str
    path: str
    params: dict
    body: object

    @property
    def ndjson(self) -> list[dict]:
        return self.body if isinstance(self.body, list) else []


@dataclass
class FakeServer:
    indices: dict[str, dict[str, dict]] = field(default_factory=dict)   # index -> id -> source
    settings: dict[str, dict] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)          # alias -> indices
    templates: dict[str, dict] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    search_response: dict | None = None   # a recorded answer for the next _search calls
    fail_bulk: bool = False

    def client(self) -> Elasticsearch:
        server = self

        class Node(BaseNode):
            def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
                status, payload = server.handle(method, target, body)
                meta = ApiResponseMeta(status=status, http_version="1.1", duration=0.0, node=self.config,
                                       headers=HttpHeaders({"x-elastic-product": "Elasticsearch",
                                                            "content-type": "application/json"}))
                return NodeApiResponse(meta, b"" if method == "HEAD" else json.dumps(payload).encode())

        return Elasticsearch("http://es.test:9200", node_class=Node)

    # -- what was sent -------------------------------------------------------------------

    def sent(self, method: str | None = None, pattern: str = "") -> list[Request]:
        return [r for r in self.requests if (method is None or r.method == method) and re.search(pattern, r.path)]

    def searches(self) -> list[dict]:
        return [r.body for r in self.sent("POST", r"/_search$") if "scroll" not in r.params]

    # -- answering -----------------------------------------------------------------------

    def resolve(self, name: str) -> list[str]:
        return sorted(self.aliases.get(name, {name} if name in self.indices else set()))

    def handle(self, method: str, target: str, raw: bytes | None):
        url = urlsplit(target)
        path, params = url.path, {k: v[0] for k, v in parse_qs(url.query).items()}
        body: object = None
        if raw:
            text = raw.decode()
            body = [json.loads(line) for line in text.splitlines() if line.strip()] \
                if path.endswith("/_bulk") else json.loads(text)
        self.requests.append(Request(method, path, params, body))
        parts = [p for p in path.split("/") if p]
        ok = {"acknowledged": True}
        if parts[:1] == ["_index_template"]:
            if method == "DELETE":
                return (200, ok) if self.templates.pop(parts[1], None) else (404, _error("not_found", 404))
            self.templates[parts[1]] = body
            return 200, ok
        if parts[:1] == ["_alias"]:
            found = {i: {"aliases": {parts[1]: {}}} for i in self.resolve(parts[1]) if parts[1] in self.aliases}
            if method == "HEAD":
                return (200 if found else 404), {}
            return (200, found) if found else (404, {"error": "alias missing", "status": 404})
        if parts == ["_aliases"]:
            for action in body["actions"]:
                (kind, spec), = action.items()
                members = self.aliases.setdefault(spec["alias"], set())
                (members.discard if kind == "remove" else members.add)(spec["index"])
            return 200, ok
        if parts[-1:] == ["_bulk"]:
            return self.bulk(parts[0] if len(parts) > 1 else None, body)
        if parts[-1:] == ["_refresh"]:
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if parts[-1:] == ["_settings"]:
            self.settings.setdefault(parts[0], {}).update(body or {})
            return 200, ok
        if parts[:2] == ["_search", "scroll"]:
            return 200, ({"succeeded": True, "num_freed": 1} if method == "DELETE" else _hits([]))
        if parts[-1:] == ["_search"]:
            if self.search_response is not None and "scroll" not in params:
                return 200, self.search_response
            docs = [(i, s) for name in self.resolve(parts[0]) for i, s in self.indices.get(name, {}).items()]
            if "{'windows.plain': False}" in str(body):  # only services with a window left to check
                docs = [(i, s) for i, s in docs if any(not w["plain"] for w in s.get("windows", []))]
            answer = _hits([{"_index": parts[0], "_id": i, "_score": 1.0, "_source": s} for i, s in docs])
            if "scroll" in params:
                answer["_scroll_id"] = "scroll-1"
            return 200, answer
        if len(parts) == 1 and method == "PUT":
            if parts[0] in self.indices:
                return 400, _error("resource_already_exists_exception", 400)
            self.indices[parts[0]] = {}
            self.settings[parts[0]] = dict((body or {}).get("settings", {}))
            for alias in (body or {}).get("aliases", {}):
                self.aliases.setdefault(alias, set()).add(parts[0])
            return 200, {**ok, "index": parts[0]}
        if len(parts) == 1 and method == "DELETE":
            if parts[0] not in self.indices:
                return 404, _error("index_not_found_exception", 404)
            del self.indices[parts[0]]
            for members in self.aliases.values():
                members.discard(parts[0])
            return 200, ok
        raise AssertionError(f"the fake node does not know {method} {target}")

    def bulk(self, default_index: str | None, lines: list[dict]):
        items, errors, position = [], False, 0
        while position < len(lines):
            (kind, meta), = lines[position].items()
            index = self.resolve(meta.get("_index") or default_index)[0]
            if kind == "delete":
                found = self.indices[index].pop(meta["_id"], None) is not None
                items.append({"delete": {"_index": index, "_id": meta["_id"], "status": 200 if found else 404,
                                         "result": "deleted" if found else "not_found"}})
                position += 1
                continue
            source = lines[position + 1]
            position += 2
            if self.fail_bulk:
                errors = True
                items.append({kind: {"_index": index, "_id": meta["_id"], "status": 400,
                                     "error": {"type": "mapper_parsing_exception", "reason": "test"}}})
                continue
            self.indices[index][meta["_id"]] = source
            items.append({kind: {"_index": index, "_id": meta["_id"], "status": 201, "result": "created"}})
        return 200, {"took": 1, "errors": errors, "items": items}


def _hits(hits: list[dict]) -> dict:
    return {"took": 1, "timed_out": False, "_shards": {"total": 1, "successful": 1, "failed": 0},
            "hits": {"total": {"value": len(hits), "relation": "eq"}, "max_score": 1.0, "hits": hits}}


def _error(kind: str, status: int) -> dict:
    return {"error": {"type": kind, "reason": kind, "root_cause": [{"type": kind, "reason": kind}]},
            "status": status}
