"""Sends OpenLineage RunEvents to a glaas server with openlineage-python's OpenLineageClient
and HttpTransport (the way OpenLineage integrations send them).

  openlineage_emit.py URL sample          events built with the client's classes; prints the run ids
  openlineage_emit.py URL replay FILE     every JSON line of FILE (glaas export --format openlineage)
"""
import json
import secrets
import sys
import uuid
from datetime import datetime, timedelta, timezone

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    output_statistics_output_dataset,
    parent_run,
    source_code_location_job,
)
from openlineage.client.transport.http import HttpConfig, HttpTransport

PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/main/client/python"

url = sys.argv[1]
# Anonymous events stage a run group only under a producer key sent with each of them
# (docs/openlineage.md); a random one per invocation.
producer_key = secrets.token_hex(32)
transport = HttpTransport(HttpConfig(url=url, timeout=10.0, custom_headers={"X-GLaaS-Producer-Key": producer_key}))
client = OpenLineageClient(transport=transport)


def at(seconds):
    return (datetime(2026, 11, 27, 12, 0, 0, tzinfo=timezone.utc) + timedelta(seconds=seconds)).isoformat()


def event(state, run_id, name, seconds, inputs=(), outputs=(), parent=None):
    facets = {}
    if parent is not None:
        facets["parent"] = parent_run.ParentRunFacet(
            run=parent_run.Run(runId=parent[0]), job=parent_run.Job(namespace="demo", name=parent[1]))
    job_facets = {
        "sourceCodeLocation": source_code_location_job.SourceCodeLocationJobFacet(
            type="git", url="https://example.com/demo.git", version="abc123", branch="main"),
    }
    return RunEvent(
        eventType=state, eventTime=at(seconds), run=Run(runId=run_id, facets=facets),
        job=Job(namespace="demo", name=name, facets=job_facets), producer=PRODUCER,
        inputs=list(inputs), outputs=list(outputs))


def output(name, size):
    return OutputDataset(namespace="file", name=name, outputFacets={
        "outputStatistics": output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(rowCount=1, size=size)})


if sys.argv[2] == "sample":
    # A run on its own: START with its input, COMPLETE with its output.
    single = str(uuid.uuid4())
    raw = InputDataset(namespace="s3://bucket", name="raw/events.csv")
    client.emit(event(RunState.START, single, "ingest", 0, inputs=[raw]))
    client.emit(event(RunState.COMPLETE, single, "ingest", 5, inputs=[raw], outputs=[output("/data/events.parquet", 2048)]))

    # A parent run with two tasks; the second fails. The parent's COMPLETE publishes them.
    parent = str(uuid.uuid4())
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    client.emit(event(RunState.START, parent, "nightly", 10))
    link = (parent, "nightly")
    client.emit(event(RunState.START, first, "nightly.clean", 11, inputs=[InputDataset(namespace="file", name="/data/events.parquet")], parent=link))
    client.emit(event(RunState.COMPLETE, first, "nightly.clean", 15, outputs=[output("/data/clean.parquet", 1024)], parent=link))
    client.emit(event(RunState.START, second, "nightly.report", 16, inputs=[InputDataset(namespace="file", name="/data/clean.parquet")], parent=link))
    client.emit(event(RunState.FAIL, second, "nightly.report", 20, outputs=[output("/data/report.html", 10)], parent=link))
    client.emit(event(RunState.COMPLETE, parent, "nightly", 21))
    print(json.dumps({"single": single, "parent": parent, "first": first, "second": second}))
elif sys.argv[2] == "replay":
    count = 0
    with open(sys.argv[3], encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                transport.emit(json.loads(line))
                count += 1
    print(json.dumps({"sent": count}))
else:
    sys.exit("usage: openlineage_emit.py URL sample|replay [FILE]")
