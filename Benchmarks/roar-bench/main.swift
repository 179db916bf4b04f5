import Foundation

/// roar-bench: `roar run` side by side with the bare command, strace and roar-cli.
let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
exit(Bench(options: options).run())
