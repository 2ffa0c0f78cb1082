import Yams

/// The config as a YAML node tree, before anything is decoded: the file, with environment overrides and
/// `*_file` secrets laid over it. Each value that did not come from the file remembers where it came from,
/// so a problem with it names the variable or file to fix rather than a line the user never wrote.
struct ConfigDocument {
    var root: Node
    /// Path → "set by TROUPE_APPSERVICE__PORT" or "read from /run/secrets/as_token".
    private(set) var origins: [ConfigPath: String] = [:]

    init(root: Node) { self.root = root }

    /// The file's text as a tree; an error when it is not YAML or not a mapping of sections.
    static func parse(yaml text: String) throws -> ConfigDocument {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigErrors(errors: [ConfigError("", "not valid YAML: \(TroupeConfig.shortYAMLError(error))")])
        }
        guard let node, node.mapping != nil else {
            throw ConfigErrors(errors: [ConfigError("", "config file must be a YAML mapping of sections")])
        }
        return ConfigDocument(root: node)
    }

    func node(at path: ConfigPath) -> Node? {
        var current: Node? = root
        for component in path.components {
            switch (component, current) {
            case (.key(let key), .mapping(let mapping)?): current = mapping[key]
            case (.index(let index), .sequence(let sequence)?) where sequence.indices.contains(index): current = sequence[index]
            default: return nil
            }
        }
        return current
    }

    /// The keys of the mapping at `path` (none when it is absent or not a mapping).
    func keys(at path: ConfigPath) -> [String] {
        guard let mapping = node(at: path)?.mapping else { return [] }
        return mapping.compactMap { $0.key.string }
    }

    /// Sets (or with nil removes) the value at `path`, making the mappings on the way. Fails, naming the first
    /// part that is neither absent nor a mapping, when there is no way through.
    mutating func set(_ value: Node?, at path: ConfigPath, origin: String? = nil) throws(BlockedPath) {
        var created: [ConfigPath] = []
        root = try Self.setting(value, at: path.components[...], in: root, walked: ConfigPath([]), created: &created) ?? root
        if let origin {
            for made in created + [path] { origins[made] = origin }
        } else {
            origins[path] = nil
        }
    }

    func origin(of path: ConfigPath) -> String? { origins[path] }

    /// What is said when `set` cannot go through a value that is not a mapping.
    struct BlockedPath: Error {
        var at: ConfigPath
    }

    private static func setting(_ value: Node?, at rest: ArraySlice<ConfigPath.Component>, in node: Node?, walked: ConfigPath,
                                created: inout [ConfigPath]) throws(BlockedPath) -> Node? {
        guard let first = rest.first else { return value }
        let here = walked.appending(first)
        switch first {
        case .key(let key):
            var mapping: Node.Mapping
            if case .mapping(let existing)? = node {
                mapping = existing
            } else if node == nil || node?.null != nil {
                // `section:` with nothing under it is an empty section, so an override may fill it.
                guard value != nil else { return node }
                mapping = Node.Mapping([])
                created.append(walked)
            } else {
                throw BlockedPath(at: walked)
            }
            mapping[key] = try setting(value, at: rest.dropFirst(), in: mapping[key], walked: here, created: &created)
            return .mapping(mapping)
        case .index(let index):
            guard case .sequence(var sequence)? = node, sequence.indices.contains(index) else { throw BlockedPath(at: walked) }
            if let element = try setting(value, at: rest.dropFirst(), in: sequence[index], walked: here, created: &created) {
                sequence[index] = element
            } else {
                sequence.remove(at: index)
            }
            return .sequence(sequence)
        }
    }
}
