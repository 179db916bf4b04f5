import Testing

/// The trait of a suite whose tests run on every store (`arguments: StoreKind.available`).
/// When PostgreSQL is not configured its cases are left out of the arguments, and this trait
/// says so once per suite, before the run:
/// `skipped: PostgreSQL cases of VisibilityTests (GLAAS_TEST_POSTGRES_URL is not set)`.
public struct EveryStoreTrait: SuiteTrait, TestTrait {
    /// Only the suite reports, not each of its tests.
    public var isRecursive: Bool { false }

    /// Prints the skip line when the PostgreSQL cases cannot run.
    public func prepare(for test: Test) async throws {
        guard let reason = StoreKind.postgresUnavailableReason else { return }
        print("skipped: PostgreSQL cases of \(test.name) (\(reason))")
    }
}

extension Trait where Self == EveryStoreTrait {
    /// The suite runs on every available store and reports the stores it cannot run on.
    public static var everyStore: Self { EveryStoreTrait() }
}
