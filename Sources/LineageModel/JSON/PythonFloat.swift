#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Python's spelling of floats, which the canonical lineage hash inherits from `json.dumps`:
/// `repr` (shortest round-trip digits, exponent form below 1e-4 and from 1e16 up), the
/// `float(format(x, ".16g"))` re-rounding, and the exact digits of `int(x)` for integral floats.
public enum PythonFloat {
    /// `repr(x)` as Python prints it: `0.1`, `1e-05`, `1e+16`, `2.5`, `100.0`, `nan`, `inf`.
    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let (negative, digits, pointPosition) = shortestDigits(value)
        let sign = negative ? "-" : ""
        // Python (format_float_short, mode 'r'): positional when -4 < decpt <= 16.
        if pointPosition > -4 && pointPosition <= 16 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if pointPosition >= digits.count {
                return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let exponent = pointPosition - 1
        var mantissa = String(digits.prefix(1))
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let exponentDigits = String(abs(exponent))
        let paddedExponent = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + paddedExponent
    }

    /// `float(format(x, ".16g"))`: the value re-read from its 16-significant-digit rounding.
    public static func roundedToSixteenDigits(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        var buffer = [CChar](repeating: 0, count: 64)
        let written = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList([value]) { vsnprintf(pointer.baseAddress, 64, "%.16g", $0) }
        }
        guard written > 0 else { return value }
        return buffer.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
    }

    /// The exact decimal digits of an integral double, as Python's `int(x)` prints them.
    public static func integerDigits(_ value: Double) -> String {
        precondition(value.isFinite && value.rounded(.towardZero) == value)
        if abs(value) < 9.0e15 { return String(Int64(value)) }
        let negative = value < 0
        // value = significand * 2^exponent with an integral significand.
        let magnitude = abs(value)
        var significand = magnitude.significandBitPattern | (1 << UInt64(Double.significandBitCount))
        var exponent = Int(magnitude.exponent) - Double.significandBitCount
        while exponent < 0 {
            significand >>= 1
            exponent += 1
        }
        // Little-endian base-1e9 limbs.
        var limbs: [UInt64] = [
            significand % 1_000_000_000, (significand / 1_000_000_000) % 1_000_000_000,
            significand / 1_000_000_000_000_000_000,
        ]
        for _ in 0..<exponent {
            var carry: UInt64 = 0
            for position in limbs.indices {
                let doubled = limbs[position] * 2 + carry
                limbs[position] = doubled % 1_000_000_000
                carry = doubled / 1_000_000_000
            }
            if carry > 0 { limbs.append(carry) }
        }
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
        var text = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return negative ? "-" + text : text
    }

    /// Shortest round-trip digits of `value` (no leading or trailing zeros) and the position of
    /// the decimal point relative to them: value = 0.DIGITS × 10^pointPosition.
    static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        if value == 0 { return (value.sign == .minus, "0", 1) }
        // Swift's description is the shortest round-trip form, like Python's repr.
        var text = Substring(value.description)
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = text[..<e]
        }
        var integerPart = Substring(text)
        var fractionPart = Substring("")
        if let dot = text.firstIndex(of: ".") {
            integerPart = text[..<dot]
            fractionPart = text[text.index(after: dot)...]
        }
        var digits = String(integerPart) + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (negative, digits, pointPosition)
    }
}
