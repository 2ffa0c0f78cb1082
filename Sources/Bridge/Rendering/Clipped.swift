extension String {
    /// At most `limit` characters, with "…" when something was cut: for prompts, tasks and results quoted in a line.
    func clipped(_ limit: Int) -> String { count > limit ? String(prefix(limit)) + "…" : self }
}
