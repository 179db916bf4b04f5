#!/usr/bin/env python3
"""Writes Tests/Fixtures/lineage-hash-vectors.json: lineage payloads and the canonical hashes that
roar-cli 0.4.7's own code (roar.core.canonical_session) computes for them. Run it with the Python
of a venv that has roar-cli==0.4.7 installed:

    .venv-roar/bin/python scripts/make-hash-vectors.py

The vectors come from two places: the recorded registrations in Tests/Fixtures/roar-0.4.7-traces
(jobs, links and git exactly as the client sent them; the home directory in the paths was renamed
after recording, so the hashes differ from those the recording server answered), and synthetic
lineages with awkward metadata (unicode, floats at every formatting boundary, NaN, big integers,
duplicate edges, parent jobs)."""
import json
import math
import os
import random
import sys

from roar.core.canonical_session import compute_canonical_session_hash, serialize_canonical_session_payload

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "Fixtures")
TRACES = os.path.join(FIXTURES, "roar-0.4.7-traces")


def dedup(edges):
    by_hash = {}
    for edge in edges:
        current = by_hash.get(edge["hash"])
        if current is None or (edge.get("path") or "") < (current.get("path") or ""):
            by_hash[edge["hash"]] = edge
    return list(by_hash.values())


def canonical_payload(lineage):
    """The payload the registry builds from staged jobs and links (contract section 3)."""
    jobs = lineage["jobs"]
    steps = {job["job_uid"]: job["step_number"] for job in jobs}
    out = []
    for job in jobs:
        metadata = job.get("metadata")
        try:
            parsed = json.loads(metadata) if isinstance(metadata, str) else {}
        except json.JSONDecodeError:
            parsed = {}
        if not isinstance(parsed, dict):
            parsed = {}
        out.append({
            "command": job.get("command"),
            "job_type": job.get("job_type") or "run",
            "step_number": job["step_number"],
            "parent_step_number": steps.get(job.get("parent_job_uid")),
            "inputs": [{"hash": e["hash"], "path": e.get("path")} for e in dedup(job.get("inputs", []))],
            "outputs": [{"hash": e["hash"], "path": e.get("path")} for e in dedup(job.get("outputs", []))],
            "metadata": parsed,
        })
    return {"canonical_version": 1, "creator_identity": lineage["creator_identity"],
            "git": lineage["git"], "jobs": out}


def lineage_from_trace(name, creator):
    jobs, order, git = {}, [], None
    with open(os.path.join(TRACES, name)) as handle:
        for line in handle:
            record = json.loads(line)
            path, body = record["raw_path"], record.get("body")
            if "/registration-sessions/" not in path:
                continue
            if path.endswith("/jobs/batch"):
                for job in body["jobs"]:
                    jobs[job["job_uid"]] = dict(job, inputs=[], outputs=[])
                    order.append(job["job_uid"])
            elif path.endswith("/jobs"):
                jobs[body["job_uid"]] = dict(body, inputs=[], outputs=[])
                order.append(body["job_uid"])
            elif path.endswith("/inputs") or path.endswith("/outputs"):
                uid, side = path.split("/")[-2], path.split("/")[-1]
                jobs[uid][side] += [{"hash": a["hash"], "path": a.get("path")} for a in body["artifacts"]]
            elif path.endswith("/finalize"):
                git = {"repo": body.get("git_repo"), "commit": body.get("git_commit"), "branch": body.get("git_branch")}
    return {"creator_identity": creator, "git": git, "jobs": [jobs[uid] for uid in order]}


def synthetic(seed):
    rng = random.Random(seed)
    floats = [0.1, 1e-05, 0.0001, 1e16 + 2, 1234567890123456.5, 2.5, 100.0, -0.0, 1.5e-7, 0.30000000000000004,
              1795789893.2886345, 123456.78901234567, 1.7976931348623157e308, 5e-324, float("nan"),
              float("inf"), -float("inf"), 1e300, 3.0, 2 ** 70 * 1.0]
    texts = ["plain", "caf\u00e9", "\u6f22\u5b57", "emoji \U0001F600", "quote \" backslash \\ tab \t nl \n",
             "ctrl \x01\x1f del \x7f", " padded ", "", "/abs/path with space"]
    jobs = []
    for step in range(1, rng.randint(2, 5) + 1):
        uid = "%032x" % rng.getrandbits(128)
        metadata = {
            "floats": rng.sample(floats, 6),
            "texts": {rng.choice(texts) + str(i): rng.choice(texts) for i in range(4)},
            "nested": {"b": [1, 2.0, {"z": 1, "a": None, "m": True}], "a": 10 ** 25, "\u00e9": False},
            "int": rng.randint(-10 ** 6, 10 ** 6),
        }
        meta_text = json.dumps(metadata, ensure_ascii=rng.random() < 0.5)
        digests = ["%064x" % rng.getrandbits(256) for _ in range(3)]
        inputs = [{"hash": digests[0], "path": "/data/b.csv"}, {"hash": digests[0], "path": "/data/a.csv"},
                  {"hash": digests[1], "path": rng.choice(texts)}]
        outputs = [{"hash": digests[2], "path": "/out/\u00fcber.bin"}]
        job = {"job_uid": uid, "command": rng.choice(["python train.py --lr 0.01", "caf\u00e9 run", "  sh -c 'x'  "]),
               "job_type": rng.choice(["run", "build", None, ""]), "step_number": step if rng.random() < 0.8 else 1,
               "metadata": meta_text, "inputs": inputs, "outputs": outputs}
        if jobs and rng.random() < 0.5:
            job["parent_job_uid"] = jobs[0]["job_uid"]
        jobs.append(job)
    jobs.append({"job_uid": "%032x" % rng.getrandbits(128), "command": None, "step_number": 9,
                 "metadata": rng.choice(["not json", "[1, 2]", None, "{}"]), "inputs": [], "outputs": []})
    return {"creator_identity": rng.choice(["anonymous", "glaas:user:42", "  ", "t\u00e9am"]),
            "git": {"repo": rng.choice(["https://example.com/r.git", " ", None]), "commit": "%040x" % rng.getrandbits(160),
                    "branch": rng.choice(["main", "", "feature/\u00e9"])},
            "jobs": jobs}


def main():
    vectors = []
    for name, creator in [
        ("02_register_anonymous.jsonl", "anonymous"),
        ("16_register_public_ssh.jsonl", "glaas:user:11111111-1111-4111-8111-111111111111"),
        ("39_register_with_composites_view_edges.jsonl", "glaas:user:11111111-1111-4111-8111-111111111111"),
        ("48_register_public_unregistered_ssh.jsonl", "anonymous"),
        ("70_minimal_register_anonymous.jsonl", "anonymous"),
    ]:
        lineage = lineage_from_trace(name, creator)
        payload = canonical_payload(lineage)
        vectors.append({"name": name, "lineage": lineage,
                        "canonical": serialize_canonical_session_payload(payload),
                        "hash": compute_canonical_session_hash(payload)})
    for seed in range(12):
        lineage = synthetic(seed)
        payload = canonical_payload(lineage)
        vectors.append({"name": "synthetic-%d" % seed, "lineage": lineage,
                        "canonical": serialize_canonical_session_payload(payload),
                        "hash": compute_canonical_session_hash(payload)})
    with open(os.path.join(FIXTURES, "lineage-hash-vectors.json"), "w") as handle:
        json.dump(vectors, handle, indent=1, ensure_ascii=True)
        handle.write("\n")
    print("wrote %d vectors" % len(vectors))


if __name__ == "__main__":
    sys.exit(main())
