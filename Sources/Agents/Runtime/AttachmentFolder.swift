import Foundation

/// Where a chat's incoming files are kept: `<data>/attachments/<agent>/<chat>/`, outside every workspace.
/// One folder per (agent, chat), so a file from one user's encrypted DM is never in a folder another chat's
/// `<file:…>` may send from; the agent's workspace (shared by all its chats) holds none of them.
public enum AttachmentFolder {
    public static func directory(agent: String, chat: ChatKey, dataDirectory: URL) -> URL {
        dataDirectory.appendingPathComponent("attachments", isDirectory: true)
            .appendingPathComponent(agent, isDirectory: true)
            .appendingPathComponent(folderName(for: chat), isDirectory: true)
    }

    /// An injective, path-safe spelling of the chat key: letters, digits and `-` stay, every other byte
    /// becomes `_XX`. Very long keys keep a prefix and a digest of the rest.
    static func folderName(for chat: ChatKey) -> String {
        var name = ""
        for byte in chat.rawValue.utf8 {
            let keep = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            name += keep ? String(UnicodeScalar(byte)) : "_" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
        guard name.utf8.count > 200 else { return name }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in chat.rawValue.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(name.prefix(180)) + "~" + String(hash, radix: 16)
    }

    /// Creates the folder (and its parents) owner-only.
    public static func prepare(agent: String, chat: ChatKey, dataDirectory: URL) throws -> URL {
        let folder = directory(agent: agent, chat: chat, dataDirectory: dataDirectory)
        try PrivateFiles.createDirectory(folder)
        return folder
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
