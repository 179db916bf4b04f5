/// Numbers at and beyond what the stores hold: step numbers, exit codes, durations, timestamps,
/// sizes, counts and byte ranges.
extension EdgeCase {
    static let numbers: [EdgeCase] =
        [
            ("step-zero", "0"), ("step-int32-max", "2147483647"), ("step-int32-max+1", "2147483648"),
            ("step-int64-max", "9223372036854775807"), ("step-int64-max+1", "9223372036854775808"), ("step-uint64-max+1", "18446744073709551616"),
            ("step-negative", "-1"), ("step-int64-min", "-9223372036854775808"), ("step-int64-min-1", "-9223372036854775809"),
            ("step-integral-double", "3.0"), ("step-fraction", "1.5"), ("step-exponent", "1e3"), ("step-huge-double", "1e300"),
            ("step-string", #""1""#), ("step-null", "null"), ("step-nan", "NaN"),
        ].map { name, value in registration(name, job: #""step_number": \#(value)"#) }
        + [
            ("exit-int32-min", "-2147483648"), ("exit-int32-max", "2147483647"), ("exit-int32-max+1", "2147483648"),
            ("exit-int32-min-1", "-2147483649"), ("exit-int64-max", "9223372036854775807"),
        ].map { name, value in registration(name, job: #""exit_code": \#(value)"#) }
        + [
            ("duration-zero", "0"), ("duration-negative-zero", "-0.0"), ("duration-negative", "-1.5"), ("duration-tiny", "5e-324"),
            ("duration-century", "3155760000"), ("duration-century+1", "3155760001"), ("duration-minus-century-1", "-3155760001"),
            ("duration-huge", "1e300"), ("duration-max-double", "1.7976931348623157e308"), ("duration-overflow", "1e400"),
            ("duration-nan", "NaN"), ("duration-infinity", "Infinity"), ("duration-minus-infinity", "-Infinity"),
            ("duration-int64-max", "9223372036854775807"), ("duration-precise", "0.30000000000000004"), ("duration-string", #""1""#),
        ].map { name, value in registration(name, job: #""duration_seconds": \#(value)"#) }
        + [
            ("time-zero", "0"), ("time-year-1", "-62135596800"), ("time-before-year-1", "-62135596801"), ("time-year-9999", "253402300799"),
            ("time-after-year-9999", "253402300800"), ("time-huge", "1e300"), ("time-minus-huge", "-1e300"), ("time-nan", "NaN"),
            ("time-fraction", "1795789893.2886345"), ("time-int64-max", "9223372036854775807"), ("time-tiny", "1e-300"),
        ].map { name, value in registration(name, job: #""timestamp": \#(value)"#) }
        + [
            ("size-zero", "0"), ("size-int64-max", "9223372036854775807"), ("size-int64-max+1", "9223372036854775808"),
            ("size-negative", "-1"), ("size-int64-min", "-9223372036854775808"), ("size-integral-double", "7.0"), ("size-huge-double", "1e19"),
            ("size-fraction", "7.5"),
        ].flatMap { name, value in
            [
                registration("artifact-" + name, artifact: #""size": \#(value)"#),
                registration("link-" + name, link: #""size": \#(value)"#),
            ]
        }
        + [
            ("ranges-int64-max", "[[0, 9223372036854775807]]"), ("ranges-beyond-int64", "[[0, 9223372036854775808]]"),
            ("ranges-negative", "[[-1, 3]]"), ("ranges-reversed", "[[5, 1]]"), ("ranges-empty", "[]"), ("ranges-three", "[[1, 2, 3]]"),
            ("ranges-double", "[[0.0, 1.0]]"),
        ].map { name, value in registration(name, link: #""byte_ranges": \#(value)"#) }
}
