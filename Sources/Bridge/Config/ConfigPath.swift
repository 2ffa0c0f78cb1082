/// Where a value sits in the config: `appservice.port`, `owners[1]`, `agents.coder.args[0]`.
struct ConfigPath: Hashable, Sendable, CustomStringConvertible {
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    var components: [Component]

    init(_ components: [Component]) { self.components = components }

    /// A dotted path of mapping keys (no indices), as written in docs and error messages.
    init(dotted: String) { components = dotted.split(separator: ".").map { .key(String($0)) } }

    var parent: ConfigPath { ConfigPath(Array(components.dropLast())) }
    var last: Component? { components.last }

    func appending(_ component: Component) -> ConfigPath { ConfigPath(components + [component]) }

    /// Whether `self` is `other` or lies inside it.
    func isWithin(_ other: ConfigPath) -> Bool { components.starts(with: other.components) }

    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
