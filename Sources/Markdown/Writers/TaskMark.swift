
/// The mark a GFM task list item starts with in both outputs (neither Matrix nor Telegram has checkboxes).
enum TaskMark {
    static func prefix(_ task: MarkdownListItem.Task?) -> String {
        switch task {
        case .open?: "☐ "
        case .done?: "☑ "
        case nil: ""
        }
    }
}
