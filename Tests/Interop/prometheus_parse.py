"""Parses Prometheus text exposition from standard input with prometheus_client's parser and
prints the samples as JSON: [[name, labels, value], ...]. Fails on text that does not parse."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

samples = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        samples.append([sample.name, sample.labels, sample.value])
print(json.dumps(samples))
