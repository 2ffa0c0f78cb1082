import Agents
import Foundation
import Retry

/// The optional technical line under an answer (`streaming.footer`): model · tokens · cost · time.
/// Plain text; each transport sets it in small or italic type its own way.
enum TurnFooter {
    static func text(_ result: TurnResult, model: String?, text: Localizer = Localizer()) -> String {
        var parts: [String] = []
        if let model { parts.append(model) }
        parts.append(text.footerTokens(input: result.usage.inputTokens, output: result.usage.outputTokens))
        if let cost = result.costUSD { parts.append(String(format: "$%.4f", cost)) }
        let seconds = result.duration.seconds
        parts.append(String(format: "%.1fs", seconds))
        return parts.joined(separator: " · ")
    }
}
