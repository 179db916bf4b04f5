/// Label documents as they are now and as they were (every version is kept).
public protocol LabelReading: Sendable {
    func currentLabel(_ target: LabelTarget) async throws -> LabelVersion?
    func labelHistory(_ target: LabelTarget) async throws -> [LabelVersion]
}
