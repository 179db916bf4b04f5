import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Upload files to file:// or s3:// storage and record where each one went.",
        discussion: """
            Each FILE goes to DEST/<its name>. S3 settings: AWS_ENDPOINT_URL (or s3.endpoint), AWS_REGION (or \
            s3.region), credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ~/.aws/credentials.
            """)

    @Argument(help: "Files to upload, then the destination directory URL (file:///dir or s3://bucket/prefix).")
    var arguments: [String] = []

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            guard arguments.count >= 2 else { throw RoarError.usage("usage: roar put FILE… DEST (DEST: file:///dir or s3://bucket/prefix)") }
            let (project, configuration, store) = try openProject()
            let outcome = try await ArtifactPut(project: project, configuration: configuration, store: store)
                .run(files: Array(arguments.dropLast()), destination: arguments.last!, argv: ["roar"] + CommandLine.arguments.dropFirst())
            if output.json {
                print(
                    Output.json([
                        "job": ["uid": .string(outcome.job.uid), "step": .int(Int64(outcome.job.stepNumber))],
                        "destination": .string(outcome.destination.description),
                        "artifacts": .array(
                            outcome.uploads.map {
                                [
                                    "path": .string($0.file.path), "digest": .string($0.file.digest), "size": .int($0.file.size),
                                    "url": .string($0.location.description),
                                ]
                            }),
                    ]))
            } else {
                print(
                    Output.table(
                        outcome.uploads.map {
                            [project.relative($0.file.path), Output.short($0.file.digest), Output.size($0.file.size), "→ \($0.location)"]
                        }))
                let bytes = outcome.uploads.reduce(Int64(0)) { $0 + $1.file.size }
                let count = outcome.uploads.count
                print(
                    "uploaded \(count) file\(count == 1 ? "" : "s") (\(Output.size(bytes))), recorded as @\(outcome.job.stepNumber) (put \(outcome.job.uid))"
                )
            }
        } catch {
            throw fail(error)
        }
    }
}

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Download a file from file:// or s3:// storage, verify its digest and record where it came from.",
        discussion: """
            The download is checked against --expect, else against the digest recorded for that URL (by an earlier \
            put or get); on a mismatch DEST is left untouched.
            """)

    @Argument(help: "The URL: file:///path or s3://bucket/key.")
    var url: String

    @Argument(help: "Where to write it: a file path, or an existing directory.")
    var destination: String

    @Option(help: "The BLAKE3 digest (or 8+ leading hex characters of it) the file must have.")
    var expect: String?

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            let (project, configuration, store) = try openProject()
            let outcome = try await ArtifactGet(project: project, configuration: configuration, store: store)
                .run(url: url, destination: destination, expect: expect, argv: ["roar"] + CommandLine.arguments.dropFirst())
            if output.json {
                print(
                    Output.json([
                        "job": ["uid": .string(outcome.job.uid), "step": .int(Int64(outcome.job.stepNumber))],
                        "url": .string(outcome.source.description), "path": .string(outcome.file.path),
                        "digest": .string(outcome.file.digest), "size": .int(outcome.file.size),
                        "verified_against": outcome.expected.map(JSONValue.string) ?? .null,
                    ]))
            } else {
                print(
                    Output.table([
                        [
                            project.relative(outcome.file.path), Output.short(outcome.file.digest), Output.size(outcome.file.size),
                            "← \(outcome.source)",
                        ]
                    ]))
                let check = outcome.expected == nil ? "no digest known to check against" : "digest verified"
                print("\(check), recorded as @\(outcome.job.stepNumber) (get \(outcome.job.uid))")
            }
        } catch {
            throw fail(error)
        }
    }
}
