import LineageModel

/// The OpenAPI 3.1 description of the graph API, served at `/openapi.json`: the contract the
/// web pages and scripts code against, checked by `openapi-spec-validator` and `schemathesis`
/// in the tests. Paths here; parameters and schemas in `OpenAPIDocument+Schemas.swift`.
enum OpenAPIDocument {
    static let json: JSONValue = {
        guard case .object(var document)? = try? JSONParser.parse(OpenAPIDocument.paths),
            case .object(let parts)? = try? JSONParser.parse(OpenAPIDocument.components)
        else { return ["openapi": "3.1.0", "info": ["title": "glaas graph API (document failed to load)", "version": "1"], "paths": [:]] }
        document["components"] = .object(parts)
        document["paths"] = withUnavailableResponses(document["paths"])
        document["x-glaas-body-limits"] = bodyLimits
        return .object(document)
    }()

    /// Every operation may be refused with 503 when the server is at a limit.
    static func withUnavailableResponses(_ paths: JSONValue?) -> JSONValue {
        guard case .object(var paths)? = paths else { return .object([:]) }
        for (path, item) in paths {
            guard case .object(var operations) = item else { continue }
            for (method, operation) in operations {
                guard case .object(var fields) = operation, case .object(var responses)? = fields["responses"] else { continue }
                responses["503"] = ["$ref": "#/components/responses/Unavailable"]
                fields["responses"] = .object(responses)
                operations[method] = .object(fields)
            }
            paths[path] = .object(operations)
        }
        return .object(paths)
    }

    /// The request-body limit of every route of the server (this API's routes take no body and
    /// get the default): bytes (413 beyond, refused before reading when Content-Length says so)
    /// and JSON values (413 beyond, counted while parsing).
    static var bodyLimits: JSONValue {
        var routes: [String: JSONValue] = [:]
        for (route, limit) in BodyLimit.routes {
            routes[route] = ["bytes": .int(Int64(limit.bytes)), "json_values": .int(Int64(limit.jsonValues))]
        }
        return [
            "default": ["bytes": .int(Int64(BodyLimit.small.bytes)), "json_values": .int(Int64(BodyLimit.small.jsonValues))],
            "routes": .object(routes),
        ]
    }

    static let paths = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "glaas graph API",
            "version": "1.0.0",
            "description": "Search and walk the lineage graph of a glaas registry. Reads see public lineages, plus the signer's own private ones when the request carries a valid SSH signature (as the v1 reads). Errors are {\"success\": false, \"error\": {\"code\", \"message\", \"status\"}}. Cursors are opaque; pass next_cursor back unchanged. Query parameters must not contain control characters (400). Request bodies are limited per route (x-glaas-body-limits; 413 beyond); a server at its limit of requests in flight answers 503 with Retry-After."
          },
          "servers": [{"url": "/api/graph/v1"}],
          "paths": {
            "/artifacts": {
              "get": {
                "operationId": "searchArtifacts",
                "summary": "Artifacts matching every given criterion, oldest first",
                "parameters": [
                  {"name": "digest_prefix", "in": "query", "description": "8 to 128 hex characters that start any digest of the artifact", "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{8,128}$"}},
                  {"name": "path", "in": "query", "description": "Text contained in a path the artifact was read or written under (case-sensitive)", "schema": {"type": "string", "minLength": 1, "maxLength": 1024}},
                  {"name": "label", "in": "query", "description": "A dotted label key (owner.team) present in the artifact's current label document, or key=value", "schema": {"type": "string", "minLength": 1, "maxLength": 512}},
                  {"name": "tag", "in": "query", "description": "A compliance tag: the label key tag.NAME present", "schema": {"type": "string", "minLength": 1, "maxLength": 256}},
                  {"$ref": "#/components/parameters/since"},
                  {"$ref": "#/components/parameters/until"},
                  {"$ref": "#/components/parameters/limit"},
                  {"$ref": "#/components/parameters/cursor"}
                ],
                "responses": {
                  "200": {"description": "A page of artifacts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArtifactPage"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}
                }
              }
            },
            "/artifacts/{digest}": {
              "get": {
                "operationId": "getArtifact",
                "summary": "One artifact, by digest or unambiguous digest prefix, with its lineages, producers and consumers (100 each at most)",
                "parameters": [{"$ref": "#/components/parameters/digest"}],
                "responses": {
                  "200": {"description": "The artifact", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Artifact"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Ambiguous"}
                }
              }
            },
            "/artifacts/{digest}/upstream": {
              "get": {
                "operationId": "walkArtifactUpstream",
                "summary": "What the artifact was made from: producers, their inputs, their producers, ... across lineages",
                "parameters": [{"$ref": "#/components/parameters/digest"}, {"$ref": "#/components/parameters/depth"}, {"$ref": "#/components/parameters/nodeLimit"}],
                "responses": {
                  "200": {"description": "The walk", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Walk"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Ambiguous"}
                }
              }
            },
            "/artifacts/{digest}/downstream": {
              "get": {
                "operationId": "walkArtifactDownstream",
                "summary": "What was made from the artifact: consumers, their outputs, ... across lineages",
                "parameters": [{"$ref": "#/components/parameters/digest"}, {"$ref": "#/components/parameters/depth"}, {"$ref": "#/components/parameters/nodeLimit"}],
                "responses": {
                  "200": {"description": "The walk", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Walk"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Ambiguous"}
                }
              }
            },
            "/artifacts/{digest}/terminal-descendants": {
              "get": {
                "operationId": "terminalDescendants",
                "summary": "Every artifact made from this one, directly or not, that no job reads (e.g. the final outputs of every pipeline that used a dataset)",
                "parameters": [{"$ref": "#/components/parameters/digest"}, {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/cursor"}],
                "responses": {
                  "200": {"description": "A page of terminal descendants", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TerminalPage"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Ambiguous"}
                }
              }
            },
            "/jobs": {
              "get": {
                "operationId": "searchJobs",
                "summary": "Jobs matching every given criterion, oldest first; since/until compare the job's own timestamp",
                "parameters": [
                  {"name": "command", "in": "query", "description": "Text contained in the command (case-sensitive)", "schema": {"type": "string", "minLength": 1, "maxLength": 1024}},
                  {"$ref": "#/components/parameters/since"},
                  {"$ref": "#/components/parameters/until"},
                  {"name": "repo", "in": "query", "description": "The git repository the job's lineage was published from, exactly as recorded", "schema": {"type": "string", "minLength": 1, "maxLength": 2048}},
                  {"name": "commit", "in": "query", "description": "A git commit or its prefix (4 to 64 hex characters): the job's own commit, else its lineage's", "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{4,64}$"}},
                  {"$ref": "#/components/parameters/limit"},
                  {"$ref": "#/components/parameters/cursor"}
                ],
                "responses": {
                  "200": {"description": "A page of jobs", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobPage"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}
                }
              }
            },
            "/jobs/{lineage_hash}/{job_uid}": {
              "get": {
                "operationId": "getJob",
                "summary": "One job, by the lineage it was published in and its uid (or an alias uid)",
                "parameters": [{"$ref": "#/components/parameters/lineageHash"}, {"$ref": "#/components/parameters/jobUID"}],
                "responses": {
                  "200": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/jobs/{lineage_hash}/{job_uid}/upstream": {
              "get": {
                "operationId": "walkJobUpstream",
                "summary": "What the job read, and what made that, across lineages",
                "parameters": [{"$ref": "#/components/parameters/lineageHash"}, {"$ref": "#/components/parameters/jobUID"}, {"$ref": "#/components/parameters/depth"}, {"$ref": "#/components/parameters/nodeLimit"}],
                "responses": {
                  "200": {"description": "The walk", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Walk"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/jobs/{lineage_hash}/{job_uid}/downstream": {
              "get": {
                "operationId": "walkJobDownstream",
                "summary": "What the job wrote, and what was made from that, across lineages",
                "parameters": [{"$ref": "#/components/parameters/lineageHash"}, {"$ref": "#/components/parameters/jobUID"}, {"$ref": "#/components/parameters/depth"}, {"$ref": "#/components/parameters/nodeLimit"}],
                "responses": {
                  "200": {"description": "The walk", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Walk"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/lineages/{lineage_hash}": {
              "get": {
                "operationId": "getLineage",
                "summary": "One lineage by its hash: git, every job with its edges, and the artifacts they mention",
                "parameters": [{"$ref": "#/components/parameters/lineageHash"}],
                "responses": {
                  "200": {"description": "The lineage", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Lineage"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/export": {
              "get": {
                "operationId": "exportVisibleLineages",
                "summary": "Every lineage the reader can see, in hash order, streamed as one file of glaas export (glaas-graph by default, which glaas import reads; prov; openlineage)",
                "parameters": [
                  {"name": "format", "in": "query", "required": false, "description": "glaas-graph (default), prov or openlineage", "schema": {"type": "string", "enum": ["glaas-graph", "prov", "openlineage"]}}
                ],
                "responses": {
                  "200": {
                    "description": "The file, as an attachment",
                    "content": {"application/json": {"schema": {"type": "object"}}, "application/x-ndjson": {"schema": {"type": "string"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"}
                }
              }
            },
            "/lineages/{lineage_hash}/export": {
              "get": {
                "operationId": "exportLineage",
                "summary": "One lineage as a file of glaas export: glaas-graph (which glaas import reads), PROV-JSON or OpenLineage RunEvents, with the publications the reader may see",
                "parameters": [
                  {"$ref": "#/components/parameters/lineageHash"},
                  {"name": "format", "in": "query", "required": false, "description": "glaas-graph (default), prov or openlineage", "schema": {"type": "string", "enum": ["glaas-graph", "prov", "openlineage"]}}
                ],
                "responses": {
                  "200": {
                    "description": "The file, as an attachment",
                    "content": {"application/json": {"schema": {"type": "object"}}, "application/x-ndjson": {"schema": {"type": "string"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/lineages/{lineage_hash}/diff/{other_hash}": {
              "get": {
                "operationId": "diffLineages",
                "summary": "What changed from one lineage to another: git, jobs added, removed and changed, artifacts added and removed",
                "parameters": [
                  {"$ref": "#/components/parameters/lineageHash"},
                  {"name": "other_hash", "in": "path", "required": true, "description": "The lineage compared to", "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}}
                ],
                "responses": {
                  "200": {"description": "The difference", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LineageDiff"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            }
          }
        }
        """#
}
