"""Reads a PROV-JSON file with the W3C `prov` package and prints what it holds as JSON:
per bundle, the number of records of each PROV type and the relations as
[type, first, second] triples (used: activity, entity; wasGeneratedBy: entity, activity;
wasDerivedFrom: generated, used; wasAssociatedWith: activity, agent)."""
import json
import sys

from prov.model import ProvDocument

FIRST_SECOND = {
    "ProvUsage": ("prov:activity", "prov:entity"),
    "ProvGeneration": ("prov:entity", "prov:activity"),
    "ProvDerivation": ("prov:generatedEntity", "prov:usedEntity"),
    "ProvAssociation": ("prov:activity", "prov:agent"),
    "ProvAttribution": ("prov:entity", "prov:agent"),
    "ProvStart": ("prov:activity", "prov:starter"),
}


def summary(bundle):
    counts = {}
    relations = []
    for record in bundle.get_records():
        kind = type(record).__name__
        counts[kind] = counts.get(kind, 0) + 1
        if kind in FIRST_SECOND:
            attributes = {str(key): str(value) for key, value in record.formal_attributes if value is not None}
            first, second = FIRST_SECOND[kind]
            relations.append([kind, attributes.get(first), attributes.get(second)])
    return {"counts": counts, "relations": sorted(relations)}


with open(sys.argv[1], encoding="utf-8") as handle:
    document = ProvDocument.deserialize(handle, format="json")
print(json.dumps({
    "document": summary(document),
    "bundles": {str(bundle.identifier): summary(bundle) for bundle in document.bundles},
}, sort_keys=True))
