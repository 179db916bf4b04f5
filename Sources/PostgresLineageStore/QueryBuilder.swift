import PostgresNIO

/// A statement assembled from optional parts (the query API's filters): each bound value gets
/// the next `$n` placeholder, so the text and the bindings always agree.
struct QueryBuilder {
    private(set) var bindings = PostgresBindings()

    /// Binds a value and answers its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    /// The statement with this text and the values bound so far; build the text first (a
    /// `bind` inside this call's argument would bind into a copy taken before it).
    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

}
