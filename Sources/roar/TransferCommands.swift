import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Upload files or directories to file://, s3:// or gs:// storage, record where each went and register it.",
        discussion: """
            Each FILE goes to DEST/<its name>; each DIRECTORY's files go to DEST/<path inside it>, and the directory is \
            recorded as one composite artifact (composite-blake3). With glaas.url configured the put job and the files' \
            lineage are registered in the same step (as `roar register @STEP`), unless --no-register. \
            S3: AWS_ENDPOINT_URL (or s3.endpoint), AWS_REGION (or s3.region), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or \
            ~/.aws/credentials. Cloud Storage: GOOGLE_APPLICATION_CREDENTIALS (a service account key) or gcloud's \
            application-default credentials; STORAGE_EMULATOR_HOST for an emulator.
            """)

    @Argument(help: "Files and directories to upload, then the destination URL (file:///dir, s3://bucket/prefix, gs://bucket/prefix).")
    var arguments: [String] = []

    @Flag(help: "Record locally only, even when a registry is configured.")
    var noRegister = false

    @Flag(name: .short, help: "Do not ask before registering anonymously.")
    var yes = false

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            guard arguments.count >= 2 else {
                throw RoarError.usage("usage: roar put FILE|DIR… DEST (DEST: file:///dir, s3://bucket/prefix or gs://bucket/prefix)")
            }
            let (project, configuration, store) = try openProject()
            // Who registers is settled before anything is uploaded: a refusal leaves nothing done.
            var registration: PutRegistration?
            if !noRegister { registration = try await PutRegistration.prepare(configuration: configuration, store: store, yes: yes) }
            let outcome = try await ArtifactPut(project: project, configuration: configuration, store: store)
                .run(files: Array(arguments.dropLast()), destination: arguments.last!, argv: ["roar"] + CommandLine.arguments.dropFirst())
            var registered: Publisher.Outcome?
            var registrationError: (any Error)?
            if let registration {
                do {
                    registered = try await registration.register(outcome)
                } catch {
                    registrationError = error
                }
            }
            let skipped = noRegister ? "--no-register" : configuration.glaasURL == nil ? "no registry configured (glaas.url)" : nil
            print(
                output.json
                    ? Output.json(PutReport.json(outcome, registered: registered, skipped: skipped))
                    : PutReport.text(outcome, project: project, registered: registered, skipped: skipped))
            if let registrationError {
                throw RoarError.failed(
                    "uploaded and recorded as @\(outcome.job.stepNumber), but not registered: \(registrationError) (retry with `roar register @\(outcome.job.stepNumber)`)"
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
        abstract: "Download a file (or every object under a prefix) from file://, s3://, gs:// or https://, verify and record it.",
        discussion: """
            A file is checked against --expect, else against the digest recorded for that URL (by an earlier put or \
            get); on a mismatch DEST is left untouched. A URL ending with / (or a file:// directory) is a prefix: every \
            object under it is downloaded into the directory DEST keeping relative paths, each file checked against the \
            digest recorded for its URL and the whole against --expect or the recorded composite digest; nothing is \
            written unless all match.
            """)

    @Argument(help: "The URL: file:///path, s3://bucket/key, gs://bucket/key, https://host/path; ending with / for a prefix.")
    var url: String

    @Argument(help: "Where to write it: a file path, or an existing directory (for a prefix: the directory to fill).")
    var destination: String

    @Option(help: "The BLAKE3 digest (for a prefix: composite-blake3), or 8+ leading hex characters of it, the download must have.")
    var expect: String?

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            let (project, configuration, store) = try openProject()
            let get = ArtifactGet(project: project, configuration: configuration, store: store)
            let argv = ["roar"] + CommandLine.arguments.dropFirst()
            if let prefix = try ArtifactGet.directoryPrefix(url) {
                let outcome = try await get.runDirectory(prefix: prefix, destination: destination, expect: expect, argv: argv)
                print(output.json ? Output.json(GetReport.json(outcome)) : GetReport.text(outcome, project: project))
                return
            }
            let outcome = try await get.run(url: url, destination: destination, expect: expect, argv: argv)
            print(output.json ? Output.json(GetReport.json(outcome)) : GetReport.text(outcome, project: project))
        } catch {
            throw fail(error)
        }
    }
}
