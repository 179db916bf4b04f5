extension OpenAPIDocument {
    /// Parameters, responses and schemas shared by the paths.
    static let components = #"""
        {
          "parameters": {
            "digest": {"name": "digest", "in": "path", "required": true, "description": "A digest, or a prefix of 8 or more hex characters naming one artifact", "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{8,128}$"}},
            "lineageHash": {"name": "lineage_hash", "in": "path", "required": true, "description": "A lineage hash (64 hex characters)", "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}},
            "jobUID": {"name": "job_uid", "in": "path", "required": true, "description": "A job uid within the lineage", "schema": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$"}},
            "since": {"name": "since", "in": "query", "description": "At or after this instant: RFC 3339 or Unix seconds", "schema": {"type": "string"}},
            "until": {"name": "until", "in": "query", "description": "Before this instant: RFC 3339 or Unix seconds", "schema": {"type": "string"}},
            "limit": {"name": "limit", "in": "query", "description": "Items per page", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
            "cursor": {"name": "cursor", "in": "query", "description": "The next_cursor of the previous page", "schema": {"type": "string"}},
            "depth": {"name": "depth", "in": "query", "description": "How many jobs away from the start the walk goes (from a job, 0 is its own inputs or outputs)", "schema": {"type": "integer", "minimum": 0, "maximum": 100, "default": 5}},
            "nodeLimit": {"name": "limit", "in": "query", "description": "The most nodes (artifacts and jobs, the start excluded) in the answer; when hit, truncated is true", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 500}}
          },
          "responses": {
            "BadRequest": {"description": "A parameter is malformed, out of range or unknown", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "NotFound": {"description": "No such node for this reader (private lineages are hidden)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Ambiguous": {"description": "The digest prefix names several artifacts; candidates lists them", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Unavailable": {"description": "The server is at its limit of requests in flight, or a statement ran out of time; retry after the seconds in Retry-After", "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 0}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
          },
          "schemas": {
            "Error": {
              "type": "object", "required": ["success", "error"],
              "properties": {
                "success": {"const": false},
                "error": {"type": "object", "required": ["code", "message", "status"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "status": {"type": "integer"}}},
                "candidates": {"type": "array", "items": {"type": "object", "properties": {"hash": {"type": "string"}, "size": {"type": "integer"}}}}
              }
            },
            "NullableString": {"type": ["string", "null"]},
            "Ref": {"type": "object", "required": ["hash", "path"], "properties": {"hash": {"type": "string"}, "path": {"type": ["string", "null"]}}},
            "ArtifactSummary": {
              "type": "object", "required": ["hash", "algorithm", "size", "kind", "registered_at"],
              "properties": {"hash": {"type": "string"}, "algorithm": {"type": "string"}, "size": {"type": "integer"}, "kind": {"type": "string"}, "registered_at": {"type": "string", "format": "date-time"}}
            },
            "ArtifactPage": {
              "type": "object", "required": ["items", "count", "next_cursor"],
              "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/ArtifactSummary"}}, "count": {"type": "integer"}, "next_cursor": {"$ref": "#/components/schemas/NullableString"}}
            },
            "TerminalPage": {
              "type": "object", "required": ["artifact", "items", "count", "next_cursor"],
              "properties": {"artifact": {"type": "string"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/ArtifactSummary"}}, "count": {"type": "integer"}, "next_cursor": {"$ref": "#/components/schemas/NullableString"}}
            },
            "JobReference": {
              "type": "object", "required": ["lineage_hash", "job_uid", "command", "step_number"],
              "properties": {"lineage_hash": {"type": "string"}, "job_uid": {"type": "string"}, "command": {"$ref": "#/components/schemas/NullableString"}, "step_number": {"type": "integer"}}
            },
            "Artifact": {
              "type": "object",
              "required": ["hash", "digests", "size", "kind", "registered_at", "visibility", "original_lineage_hash", "owner_name", "component_count", "source_type", "source_url", "metadata", "label", "labels", "claims", "conflicts", "lineages", "produced_by", "consumed_by"],
              "properties": {
                "hash": {"type": "string"},
                "digests": {"type": "array", "items": {"type": "object", "required": ["algorithm", "digest"], "properties": {"algorithm": {"type": "string"}, "digest": {"type": "string"}}}},
                "size": {"type": "integer"}, "kind": {"type": "string"}, "registered_at": {"type": "string", "format": "date-time"},
                "visibility": {"enum": ["public", "private"]},
                "original_lineage_hash": {"$ref": "#/components/schemas/NullableString"}, "owner_name": {"$ref": "#/components/schemas/NullableString"},
                "component_count": {"type": ["integer", "null"]},
                "source_type": {"$ref": "#/components/schemas/NullableString"}, "source_url": {"$ref": "#/components/schemas/NullableString"},
                "metadata": {"$ref": "#/components/schemas/NullableString"},
                "label": {"description": "The label document of the highest-ranked visible lineage that labels it", "oneOf": [{"type": "null"}, {"type": "object", "required": ["version", "document"], "properties": {"version": {"type": "integer"}, "document": {"type": "object"}}}]},
                "labels": {"description": "The label document of each visible lineage that labels it (an artifact label lives in a lineage's scope), highest-ranked first", "type": "array", "items": {"type": "object", "required": ["lineage_hash", "version", "document"], "properties": {"lineage_hash": {"$ref": "#/components/schemas/NullableString"}, "version": {"type": "integer"}, "document": {"type": "object"}}}},
                "claims": {"description": "What each visible lineage said about the artifact, highest-ranked first (signed publishers, then statements before edge-only mentions, then publication order); the summary fields above come from them", "type": "array", "items": {"$ref": "#/components/schemas/ArtifactClaim"}},
                "conflicts": {"description": "Facts the visible lineages disagree on, each value with the lineage and publisher that stated it", "type": "array", "items": {"$ref": "#/components/schemas/FactConflict"}},
                "lineages": {"type": "array", "items": {"type": "string"}},
                "produced_by": {"type": "array", "items": {"$ref": "#/components/schemas/JobReference"}},
                "consumed_by": {"type": "array", "items": {"$ref": "#/components/schemas/JobReference"}}
              }
            },
            "ArtifactClaim": {
              "type": "object", "required": ["lineage_hash", "publisher", "signed", "size", "kind", "digests", "source_type", "source_url", "component_count"],
              "properties": {
                "lineage_hash": {"type": "string"}, "publisher": {"type": "string"}, "signed": {"type": "boolean"},
                "size": {"type": ["integer", "null"]}, "kind": {"$ref": "#/components/schemas/NullableString"},
                "digests": {"type": "array", "items": {"type": "object", "required": ["algorithm", "digest"], "properties": {"algorithm": {"type": "string"}, "digest": {"type": "string"}}}},
                "source_type": {"$ref": "#/components/schemas/NullableString"}, "source_url": {"$ref": "#/components/schemas/NullableString"},
                "component_count": {"type": ["integer", "null"]}
              }
            },
            "FactConflict": {
              "type": "object", "required": ["fact", "values"],
              "properties": {
                "fact": {"type": "string"},
                "values": {"type": "array", "items": {"type": "object", "required": ["value", "lineage_hash", "publisher", "signed"], "properties": {"value": {"type": "string"}, "lineage_hash": {"type": "string"}, "publisher": {"type": "string"}, "signed": {"type": "boolean"}}}}
              }
            },
            "Job": {
              "type": "object",
              "required": ["lineage_hash", "job_uid", "command", "timestamp", "step_number", "job_type", "exit_code", "duration_seconds", "git_commit", "git_branch", "parent_job_uid", "metadata", "inputs", "outputs"],
              "properties": {
                "lineage_hash": {"type": "string"}, "job_uid": {"type": "string"}, "command": {"$ref": "#/components/schemas/NullableString"},
                "timestamp": {"type": ["number", "null"]}, "step_number": {"type": "integer"}, "job_type": {"type": "string"},
                "exit_code": {"type": ["integer", "null"]}, "duration_seconds": {"type": ["number", "null"]},
                "git_commit": {"$ref": "#/components/schemas/NullableString"}, "git_branch": {"$ref": "#/components/schemas/NullableString"},
                "parent_job_uid": {"$ref": "#/components/schemas/NullableString"},
                "metadata": {"description": "The client's metadata JSON text, verbatim", "$ref": "#/components/schemas/NullableString"},
                "inputs": {"type": "array", "items": {"$ref": "#/components/schemas/Ref"}},
                "outputs": {"type": "array", "items": {"$ref": "#/components/schemas/Ref"}}
              }
            },
            "JobPage": {
              "type": "object", "required": ["items", "count", "next_cursor"],
              "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}, "count": {"type": "integer"}, "next_cursor": {"$ref": "#/components/schemas/NullableString"}}
            },
            "WalkArtifact": {
              "type": "object", "required": ["hash", "size", "kind", "depth"],
              "properties": {"hash": {"type": "string"}, "size": {"type": "integer"}, "kind": {"type": "string"}, "depth": {"type": "integer", "description": "Jobs between it and the start"}}
            },
            "WalkJob": {
              "type": "object", "required": ["lineage_hash", "job_uid", "command", "step_number", "timestamp", "depth"],
              "properties": {
                "lineage_hash": {"type": "string"}, "job_uid": {"type": "string"}, "command": {"$ref": "#/components/schemas/NullableString"},
                "step_number": {"type": "integer"}, "timestamp": {"type": ["number", "null"]}, "depth": {"type": "integer"}
              }
            },
            "Walk": {
              "type": "object",
              "required": ["start", "direction", "depth", "limit", "artifacts", "jobs", "edges", "truncated", "truncation", "counts", "depth_reached"],
              "properties": {
                "start": {"oneOf": [
                  {"type": "object", "required": ["type", "artifact"], "properties": {"type": {"const": "artifact"}, "artifact": {"$ref": "#/components/schemas/WalkArtifact"}}},
                  {"type": "object", "required": ["type", "job"], "properties": {"type": {"const": "job"}, "job": {"$ref": "#/components/schemas/WalkJob"}}}
                ]},
                "direction": {"enum": ["upstream", "downstream"]},
                "depth": {"type": "integer"}, "limit": {"type": "integer"},
                "artifacts": {"type": "array", "items": {"$ref": "#/components/schemas/WalkArtifact"}},
                "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/WalkJob"}},
                "edges": {"type": "array", "items": {
                  "type": "object", "required": ["artifact", "lineage_hash", "job_uid", "relation"],
                  "properties": {"artifact": {"type": "string"}, "lineage_hash": {"type": "string"}, "job_uid": {"type": "string"}, "relation": {"enum": ["input", "output"]}}
                }},
                "truncated": {"type": "boolean", "description": "True when any cap cut the answer; truncation says which"},
                "truncation": {
                  "type": "object", "required": ["node_limit", "depth_limit", "edge_limit"],
                  "properties": {
                    "node_limit": {"type": "boolean", "description": "More nodes were reachable than limit allows"},
                    "depth_limit": {"type": "boolean", "description": "Nodes lie beyond the requested depth"},
                    "edge_limit": {"type": "boolean", "description": "Not every edge among the returned nodes is listed"}
                  }
                },
                "counts": {"type": "object", "required": ["artifacts", "jobs", "edges"], "properties": {"artifacts": {"type": "integer"}, "jobs": {"type": "integer"}, "edges": {"type": "integer"}}},
                "depth_reached": {"type": "integer"}
              }
            },
            "Lineage": {
              "type": "object",
              "required": ["hash", "git", "creator_identity", "created_at", "visibility", "owner_name", "job_count", "jobs", "artifacts"],
              "properties": {
                "hash": {"type": "string"},
                "git": {"type": "object", "required": ["repo", "commit", "branch"], "properties": {"repo": {"$ref": "#/components/schemas/NullableString"}, "commit": {"$ref": "#/components/schemas/NullableString"}, "branch": {"$ref": "#/components/schemas/NullableString"}}},
                "creator_identity": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"},
                "visibility": {"enum": ["public", "private"]}, "owner_name": {"$ref": "#/components/schemas/NullableString"},
                "job_count": {"type": "integer"},
                "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
                "artifacts": {"type": "array", "items": {"type": "string"}}
              }
            },
            "FieldChange": {"type": "object", "required": ["field", "before", "after"], "properties": {"field": {"type": "string"}, "before": {"$ref": "#/components/schemas/NullableString"}, "after": {"$ref": "#/components/schemas/NullableString"}}},
            "DiffJob": {"type": "object", "required": ["job_uid", "step_number", "command"], "properties": {"job_uid": {"type": "string"}, "step_number": {"type": "integer"}, "command": {"$ref": "#/components/schemas/NullableString"}}},
            "DigestChange": {"type": "object", "required": ["path", "before", "after"], "properties": {"path": {"type": "string"}, "before": {"$ref": "#/components/schemas/NullableString"}, "after": {"$ref": "#/components/schemas/NullableString"}}},
            "LineageDiff": {
              "type": "object",
              "required": ["from", "to", "identical", "git", "jobs_added", "jobs_removed", "jobs_changed", "artifacts_added", "artifacts_removed"],
              "properties": {
                "from": {"type": "string"}, "to": {"type": "string"}, "identical": {"type": "boolean"},
                "git": {"type": "array", "items": {"$ref": "#/components/schemas/FieldChange"}},
                "jobs_added": {"type": "array", "items": {"$ref": "#/components/schemas/DiffJob"}},
                "jobs_removed": {"type": "array", "items": {"$ref": "#/components/schemas/DiffJob"}},
                "jobs_changed": {"type": "array", "items": {
                  "type": "object", "required": ["before", "after", "fields", "metadata", "inputs", "outputs"],
                  "properties": {
                    "before": {"$ref": "#/components/schemas/DiffJob"}, "after": {"$ref": "#/components/schemas/DiffJob"},
                    "fields": {"type": "array", "items": {"$ref": "#/components/schemas/FieldChange"}},
                    "metadata": {"type": "array", "items": {"type": "object", "required": ["key", "before", "after"], "properties": {"key": {"type": "string"}, "before": {"$ref": "#/components/schemas/NullableString"}, "after": {"$ref": "#/components/schemas/NullableString"}}}},
                    "inputs": {"type": "array", "items": {"$ref": "#/components/schemas/DigestChange"}},
                    "outputs": {"type": "array", "items": {"$ref": "#/components/schemas/DigestChange"}}
                  }
                }},
                "artifacts_added": {"type": "array", "items": {"type": "string"}},
                "artifacts_removed": {"type": "array", "items": {"type": "string"}}
              }
            }
          }
        }
        """#
}
