/// The registry's whole storage, in domain terms: every role together, as `glaas serve` needs
/// it. SQLite (`SQLiteStore`) is the embedded default and PostgreSQL (`PostgresStore`) the team
/// store; both pass one conformance suite. Every method is atomic: a call either happens
/// entirely or changes nothing. A consumer that needs less asks for the roles it uses.
public typealias RegistryStore = UserDirectory & RegistrationStaging & LineagePublishing & LineageReading & GraphQuerying
    & LineageArchive & LabelReading & LabelWriting & TokenDirectory & TeamDirectory & DeviceAuthorizationStore
