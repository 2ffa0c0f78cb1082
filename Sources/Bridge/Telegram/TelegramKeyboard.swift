/// Option menus as inline keyboards. Each button's `callback_data` (at most 64 bytes) names the menu by
/// a short random token and the option by its number on the page, or a page turn: `m:<token>:<key>`.
/// The token, not the message, identifies the menu, so a tap on a keyboard left over from before a
/// restart (or from another menu) is recognised as stale instead of picking something else.
public enum TelegramKeyboard {
    static let prefix = "m"
    static let previousKey = "<"
    static let nextKey = ">"
    /// Telegram cuts long button texts anyway; cutting here keeps the ellipsis where we want it.
    static let maxLabel = 48

    /// The menu's current page: its options, then ◀️ ▶️ when there is more than one page.
    public static func markup(for menu: OptionMenu, token: String) -> TelegramInlineKeyboardMarkup {
        let buttons = menu.visible.enumerated().map { offset, option in
            TelegramInlineKeyboardButton(text: label(option.label), callbackData: callbackData(token: token, key: String(offset + 1)))
        }
        // Short labels sit two to a row; long ones get a row each so they are not cut.
        let perRow = buttons.allSatisfy { $0.text.count <= 16 } ? 2 : 1
        var rows = stride(from: 0, to: buttons.count, by: perRow).map { Array(buttons[$0..<min($0 + perRow, buttons.count)]) }
        if menu.pageCount > 1 {
            var paging: [TelegramInlineKeyboardButton] = []
            if menu.page > 0 { paging.append(.init(text: OptionMenu.previousPage, callbackData: callbackData(token: token, key: previousKey))) }
            if menu.page < menu.pageCount - 1 { paging.append(.init(text: OptionMenu.nextPage, callbackData: callbackData(token: token, key: nextKey))) }
            rows.append(paging)
        }
        return TelegramInlineKeyboardMarkup(rows)
    }

    static func label(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= maxLabel ? flat : String(flat.prefix(maxLabel - 1)) + "…"
    }

    public static func callbackData(token: String, key: String) -> String {
        "\(prefix):\(token):\(key)"
    }

    /// The menu token and the key `MenuRegistry.pick` understands (a number or a paging arrow); nil for
    /// data this bot did not make.
    public static func parse(_ data: String) -> (token: String, key: String)? {
        let fields = data.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == prefix, !fields[1].isEmpty else { return nil }
        switch fields[2] {
        case previousKey: return (String(fields[1]), OptionMenu.previousPage)
        case nextKey: return (String(fields[1]), OptionMenu.nextPage)
        default:
            guard let number = Int(fields[2]), (1...OptionMenu.pageSize).contains(number) else { return nil }
            return (String(fields[1]), String(number))
        }
    }
}
