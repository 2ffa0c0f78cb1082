/// Random strings from an alphabet (config tokens, menu tokens, job ids), from the system's secure generator.
enum RandomToken {
    static let alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    static func make(length: Int, from alphabet: String = alphanumerics) -> String {
        let characters = Array(alphabet)
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in characters[Int(generator.next(upperBound: UInt64(characters.count)))] })
    }
}
