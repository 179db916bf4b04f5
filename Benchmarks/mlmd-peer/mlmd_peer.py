"""ML Metadata peer for graph-bench: the same registrations and walks on MLMD's SQLite store.

Registers a chain of jobs (each reads the previous job's outputs and writes new ones), then
times get_lineage_subgraph walks upstream and downstream, and artifact lookups by digest prefix
and path substring with MLMD's filter queries. Prints one JSON object on stdout.
MLMD counts a hop per edge of its bipartite graph (artifact -> execution -> artifact), so a walk
of N hops crosses N/2 jobs.
"""
import argparse
import hashlib
import json
import os
import statistics
import sys
import time

from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd


def digest(label):
    return hashlib.sha256(label.encode()).hexdigest()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def summary(values):
    return {"n": len(values), "median_ms": statistics.median(values) * 1e3,
            "p99_ms": percentile(values, 99) * 1e3}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--fan", type=int, default=4)
    parser.add_argument("--hops", default="10,50")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    if os.path.exists(args.store):
        os.remove(args.store)

    config = mlmd.ConnectionConfig()
    config.sqlite.filename_uri = args.store
    config.sqlite.connection_mode = mlmd.SqliteMetadataSourceConfig.READWRITE_OPENCREATE
    store = metadata_store.MetadataStore(config)

    artifact_type = mlmd.ArtifactType(name="File")
    artifact_type.properties["digest"] = mlmd.STRING
    artifact_type.properties["path"] = mlmd.STRING
    artifact_type_id = store.put_artifact_type(artifact_type)
    execution_type = mlmd.ExecutionType(name="Job")
    execution_type.properties["command"] = mlmd.STRING
    execution_type_id = store.put_execution_type(execution_type)

    def new_artifact(label, path):
        artifact = mlmd.Artifact(type_id=artifact_type_id, uri="blake3:" + digest(label))
        artifact.properties["digest"].string_value = digest(label)
        artifact.properties["path"].string_value = path
        return artifact

    sources = [new_artifact(f"src{i}", f"/data/src-{i}.csv") for i in range(args.fan)]
    for artifact, artifact_id in zip(sources, store.put_artifacts(sources)):
        artifact.id = artifact_id
    previous = sources
    first_inputs = [a.id for a in sources]
    registrations = []
    last_outputs = first_inputs
    for job in range(args.jobs):
        execution = mlmd.Execution(type_id=execution_type_id, last_known_state=mlmd.Execution.COMPLETE)
        execution.properties["command"].string_value = f"python step{job}.py --seed {job}"
        pairs = []
        outputs = [new_artifact(f"j{job}-o{index}", f"/data/out-{job}-{index}.bin") for index in range(args.fan)]
        for artifact in previous:
            pairs.append((artifact, mlmd.Event(type=mlmd.Event.INPUT)))
        for artifact in outputs:
            pairs.append((artifact, mlmd.Event(type=mlmd.Event.OUTPUT)))
        start = time.perf_counter()
        _, artifact_ids, _ = store.put_execution(execution, pairs, [])
        registrations.append(time.perf_counter() - start)
        for artifact, artifact_id in zip(outputs, artifact_ids[args.fan:]):
            artifact.id = artifact_id
        previous = outputs
        last_outputs = [a.id for a in outputs]

    result = {"peer": "ml-metadata", "jobs": args.jobs, "fan": args.fan,
              "registration": summary(registrations), "walks": {}}
    for hops in [int(h) for h in args.hops.split(",")]:
        for direction, start_ids in (("upstream", last_outputs), ("downstream", first_inputs)):
            options = mlmd.LineageSubgraphQueryOptions(
                starting_artifacts=mlmd.LineageSubgraphQueryOptions.StartingNodes(filter_query=f"id = {start_ids[0]}"),
                max_num_hops=hops,
                direction=getattr(mlmd.LineageSubgraphQueryOptions, direction.upper()))
            timings, nodes = [], 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                graph = store.get_lineage_subgraph(options)
                timings.append(time.perf_counter() - start)
                nodes = len(graph.artifacts) + len(graph.executions)
            result["walks"][f"{direction}-{hops}"] = dict(summary(timings), nodes=nodes)

    lookups, searches = [], []
    for job in range(0, args.jobs, max(1, args.jobs // args.repeat)):
        prefix = digest(f"j{job}-o0")[:16]
        start = time.perf_counter()
        found = store.get_artifacts(list_options=metadata_store.ListOptions(filter_query=f"uri LIKE 'blake3:{prefix}%'"))
        lookups.append(time.perf_counter() - start)
        assert len(found) == 1, (prefix, len(found))
        start = time.perf_counter()
        store.get_artifacts(list_options=metadata_store.ListOptions(filter_query=f"properties.path.string_value LIKE '%out-{job}-%'", limit=100))
        searches.append(time.perf_counter() - start)
    result["prefix_lookup"] = summary(lookups)
    result["path_search"] = summary(searches)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
