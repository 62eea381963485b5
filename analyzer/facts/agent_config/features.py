"""Client features and what each provides, loaded from `rubrics/clients/agent-clients.yaml`.

Checks name a feature by id (`claude.deny-rules`); the data says which primitive components it
provides and how strongly. Code here only loads and validates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.facts.model import Evidence
from analyzer.resources import data_dir

SCHEMA = "harness-audit/agent-clients/v1"
STRENGTHS = ("full", "weak")


class ClientFeatureError(Exception):
    """The client-feature file is malformed; `str()` names the file and the entry."""


@dataclass(frozen=True)
class Feature:
    id: str
    client: str
    provides: tuple[tuple[str, str], ...]  # (primitive, component)
    strength: str
    description: str


@dataclass(frozen=True)
class Client:
    id: str
    title: str
    built_in: str  # feature id every set-up of this client has
    exposure: str  # what the client's own tools reach
    not_applicable: tuple[str, ...]


@dataclass(frozen=True)
class ClientFeatures:
    features: dict[str, Feature]
    clients: dict[str, Client]

    def feature(self, feature_id: str) -> Feature:
        if feature_id not in self.features:
            raise ClientFeatureError(f"unknown client feature {feature_id!r} (rubrics/clients/agent-clients.yaml)")
        return self.features[feature_id]


def features_path() -> Path:
    return data_dir("rubrics") / "clients" / "agent-clients.yaml"


@lru_cache(maxsize=None)
def load_client_features(path: str | None = None) -> ClientFeatures:
    source = Path(path) if path else features_path()
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ClientFeatureError(f"{source}: cannot load: {error}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ClientFeatureError(f"{source}: expected `schema: {SCHEMA}`")
    clients = {str(k): Client(str(k), str((v or {}).get("title", k)), str((v or {}).get("built_in", "")),
                              str((v or {}).get("exposure", "")),
                              tuple(str(p) for p in (v or {}).get("not_applicable", ())))
               for k, v in (data.get("clients") or {}).items()}
    features: dict[str, Feature] = {}
    for feature_id, entry in (data.get("features") or {}).items():
        where = f"{source}: features.{feature_id}"
        if not isinstance(entry, dict):
            raise ClientFeatureError(f"{where} must be a mapping")
        client = str(entry.get("client", ""))
        if client != "any" and client not in clients:
            raise ClientFeatureError(f"{where}: unknown client {client!r}")
        provides = []
        for item in entry.get("provides") or ():
            primitive, _, component = str(item).partition("/")
            if not component:
                raise ClientFeatureError(f"{where}: provides entries read PRIMITIVE/component, got {item!r}")
            provides.append((primitive, component))
        if not provides:
            raise ClientFeatureError(f"{where}: provides nothing")
        strength = str(entry.get("strength", "full"))
        if strength not in STRENGTHS:
            raise ClientFeatureError(f"{where}: strength must be one of {STRENGTHS}")
        features[str(feature_id)] = Feature(str(feature_id), client, tuple(provides), strength,
                                            str(entry.get("description", "")))
    for client in clients.values():
        if client.built_in not in features:
            raise ClientFeatureError(f"{source}: clients.{client.id}.built_in names no feature")
    return ClientFeatures(features, clients)


def feature_evidence(feature_id: str, path: str, line: int, detail: str, snippet: str = "") -> list[Evidence]:
    """One control per primitive component the feature provides, at `path:line`."""
    feature = load_client_features().feature(feature_id)
    return [Evidence(primitive, component, path, line, detail, feature.strength, feature_id, "", snippet)
            for primitive, component in feature.provides]
