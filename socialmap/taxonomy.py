"""The Wegwijs taxonomy (design §3): ladder steps, domains, topics and their thesaurus."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from .resources import data_dir

LADDER_ORDER = ("zelf", "omgeving", "algemeen", "maatwerk")


@dataclass(frozen=True)
class LadderStep:
    slug: str
    label: str
    question: str
    description: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    description: str
    domain: str
    synonyms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    english: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Every word or phrase that names this topic, the label first."""
        return (self.label, self.slug.replace("-", " "), *self.synonyms, *self.english)


@dataclass(frozen=True)
class Domain:
    slug: str
    label: str
    topics: tuple[Topic, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Taxonomy:
    ladder: tuple[LadderStep, ...]
    domains: tuple[Domain, ...]

    # Computed once per (immutable) taxonomy: validation and indexing ask these per record.
    @cached_property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(topic for domain in self.domains for topic in domain.topics)

    @cached_property
    def topic_slugs(self) -> tuple[str, ...]:
        return tuple(topic.slug for topic in self.topics)

    @cached_property
    def ladder_slugs(self) -> tuple[str, ...]:
        return tuple(step.slug for step in self.ladder)

    @cached_property
    def _topic_by_slug(self) -> dict[str, Topic]:
        return {t.slug: t for t in reversed(self.topics)}  # the first of equal slugs wins, as before

    @cached_property
    def _step_by_slug(self) -> dict[str, LadderStep]:
        return {s.slug: s for s in reversed(self.ladder)}

    def topic(self, slug: str) -> Topic | None:
        return self._topic_by_slug.get(slug)

    def step(self, slug: str) -> LadderStep | None:
        return self._step_by_slug.get(slug)

    def domain(self, slug: str) -> Domain | None:
        return next((d for d in self.domains if d.slug == slug), None)

    def ladder_rank(self, slug: str | None) -> int:
        """Position on the ladder (0 = zelf); unknown steps last."""
        return LADDER_ORDER.index(slug) if slug in LADDER_ORDER else len(LADDER_ORDER)


def _tuple(values) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or []))


def parse_taxonomy(data: dict) -> Taxonomy:
    ladder = tuple(
        LadderStep(
            slug=s["slug"], label=s["label"], question=s.get("question", ""),
            description=s.get("description", ""), synonyms=_tuple(s.get("synonyms")),
        )
        for s in data["ladder"]
    )
    domains = tuple(
        Domain(
            slug=d["slug"],
            label=d["label"],
            topics=tuple(
                Topic(
                    slug=t["slug"], label=t["label"], description=t.get("description", ""),
                    domain=d["slug"], synonyms=_tuple(t.get("synonyms")),
                    phrases=_tuple(t.get("phrases")), english=_tuple(t.get("english")),
                )
                for t in d["topics"]
            ),
        )
        for d in data["domains"]
    )
    return Taxonomy(ladder=ladder, domains=domains)


@lru_cache(maxsize=4)
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    path = path or data_dir() / "taxonomy.yaml"
    with open(path, encoding="utf-8") as handle:
        return parse_taxonomy(yaml.safe_load(handle))
