import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Read and change the project's configuration (.roar/config.json).",
        subcommands: [Get.self, Set.self, List.self])

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one key's value (lists comma-separated).")

        @Argument(help: "The key, e.g. glaas.url.")
        var key: String

        @OptionGroup var output: JSONOption

        func run() throws {
            do {
                let (_, configuration, _) = try openProject()
                let value = try configuration.value(for: key)
                print(output.json ? Output.json(value) : RoarConfiguration.text(value))
            } catch {
                throw fail(error)
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change one key (lists comma-separated; an empty value clears it).")

        @Argument(help: "The key, e.g. glaas.url.")
        var key: String

        @Argument(help: "The new value.")
        var value: String

        func run() throws {
            do {
                let (project, configuration, _) = try openProject()
                var changed = configuration
                try changed.set(key, to: value)
                try changed.save(project)
                print("\(key) = \(RoarConfiguration.text(try changed.value(for: key)))")
            } catch {
                throw fail(error)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every key and its value.")

        @OptionGroup var output: JSONOption

        func run() throws {
            do {
                let (_, configuration, _) = try openProject()
                var values: [String: JSONValue] = [:]
                for key in RoarConfiguration.keys { values[key] = try configuration.value(for: key) }
                if output.json {
                    print(Output.json(.object(values)))
                } else {
                    print(Output.table(RoarConfiguration.keys.map { [$0, RoarConfiguration.text(values[$0]!)] }))
                }
            } catch {
                throw fail(error)
            }
        }
    }
}
