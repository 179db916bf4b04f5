/// A command to run under the tracer.
public struct TraceRequest: Sendable, Codable, Hashable {
    /// The command and its arguments. `argv[0]` is searched in `PATH` (of
    /// `environment` if given) unless it contains a slash.
    public var argv: [String]
    /// Directory the command starts in; `nil` keeps the caller's.
    public var workingDirectory: String?
    /// The command's complete environment; `nil` passes the caller's.
    public var environment: [String: String]?
    /// Starts the command in a new process group (its pid is the group id),
    /// for callers that signal the whole tree themselves, such as tests.
    /// Leave `false` for interactive use: the command then stays in the
    /// terminal's foreground group and receives Ctrl-C and Ctrl-Z.
    public var newProcessGroup: Bool

    public init(
        _ argv: [String],
        workingDirectory: String? = nil,
        environment: [String: String]? = nil,
        newProcessGroup: Bool = false
    ) {
        self.argv = argv
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.newProcessGroup = newProcessGroup
    }
}
