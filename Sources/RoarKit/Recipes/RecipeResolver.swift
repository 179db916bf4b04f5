import Foundation

/// Finds the recipe a user names (`roar diff A B`, `roar reproduce HASH`): a path, a digest
/// prefix or a step in the local store first, then, for digests, the registry.
public struct RecipeResolver: Sendable {
    let project: RoarProject?
    let store: LocalStore?
    let fetcher: (any RecipeFetching)?

    /// `project`/`store` may be nil outside a project; `fetcher` nil when no registry is configured.
    public init(project: RoarProject?, store: LocalStore?, fetcher: (any RecipeFetching)?) {
        self.project = project
        self.store = store
        self.fetcher = fetcher
    }

    public func recipe(_ text: String, workingDirectory: String = FileManager.default.currentDirectoryPath) async throws -> Recipe {
        var localError: (any Error)?
        if let project, let store {
            do {
                switch try Target.resolve(text, store: store, workingDirectory: workingDirectory) {
                case .job(let job):
                    return try Recipe.local(job: job, store: store, project: project)
                case .artifact(let file):
                    let recipe = try Recipe.local(file: file, store: store, project: project)
                    // A source here may have been made elsewhere: ask the registry about it.
                    if !recipe.steps.isEmpty || fetcher == nil { return recipe }
                    if let remote = try await registryRecipe(file.digest) { return remote }
                    return recipe
                }
            } catch {
                localError = error
            }
        }
        let hex = text.lowercased()
        if fetcher != nil, hex.count >= 8, hex.allSatisfy(\.isHexDigit) {
            if let remote = try await registryRecipe(hex) { return remote }
            throw RoarError.usage("nothing matches \(text) in \(project == nil ? "" : "the local store or ")the registry")
        }
        if let localError { throw localError }
        throw RoarError.usage(
            fetcher == nil
                ? "not in a roar project and no registry configured: cannot look up \(text)"
                : "\(text) is not a digest (8+ hex characters) the registry can look up")
    }

    func registryRecipe(_ ref: String) async throws -> Recipe? {
        guard let fetcher else { return nil }
        let body: Data?
        do {
            body = try await fetcher.artifactDAG(ref)
        } catch {
            throw RoarError.failed("cannot read \(ref) from the registry: \(error)")
        }
        guard let body, let recipe = try Recipe.registry(dag: body) else { return nil }
        return recipe
    }
}
