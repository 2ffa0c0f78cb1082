import Foundation

/// Fills a hook's prompt template: `{{payload}}` is the body as text, `{{header.X}}` the request's header X
/// (any case; empty when missing). Other `{{…}}` stay as written. One pass, so placeholders inside the payload
/// or a header stay text.
enum WebhookTemplate {
    static func render(_ template: String, payload: String, header: (String) -> String?) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let key = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if key == "payload" {
                result += payload
            } else if key.lowercased().hasPrefix("header."), key.count > "header.".count {
                result += header(String(key.dropFirst("header.".count))) ?? ""
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// Says which hook fired (and GitHub's event, when sent), then the payload in a code block whose fence no backtick
    /// run in the payload closes.
    static func defaultTemplate(hook: String, payload: String, event: Bool) -> String {
        var longest = 0
        var run = 0
        for character in payload {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "The webhook `\(hook)` was called" + (event ? " (event: {{header.X-GitHub-Event}})" : "")
            + ". Its payload:\n\n\(fence)\n{{payload}}\n\(fence)"
    }
}
