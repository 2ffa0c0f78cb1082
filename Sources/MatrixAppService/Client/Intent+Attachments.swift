import Foundation

/// Attachments as a room needs them: in an encrypted room the file is encrypted before upload and named by
/// the event's `file` object; elsewhere it is uploaded as is and named by `url`.
extension Intent {
    /// Uploads `data` for a message in `room` and returns the content fields that name it.
    public func uploadAttachment(_ data: Data, contentType: String, filename: String, for room: RoomID) async throws
        -> [String: JSONValue]
    {
        // A room whose encryption is unknown is read again first: a file must not go up in the clear by not knowing.
        var encrypted = try await state.isEncrypted(room: room)
        if !encrypted { encrypted = try await ensureEncryptionKnown(of: room) != nil }
        guard encrypted else {
            let uri = try await uploadMedia(data, contentType: contentType, filename: filename)
            return ["url": .string(uri.rawValue)]
        }
        // Neither the type nor the name goes to the media repository in the clear.
        let (ciphertext, file) = try EncryptedAttachment.encrypt(data)
        let uri = try await uploadMedia(ciphertext, contentType: "application/octet-stream")
        var named = file
        named["url"] = .string(uri.rawValue)
        named["mimetype"] = .string(contentType)
        return ["file": .object(named)]
    }

    /// Downloads (and, for an encrypted `file`, checks and decrypts) the attachment a media message names;
    /// nil when it names none.
    public func downloadAttachment(of content: JSONValue, maxBytes: Int = 100 * 1024 * 1024) async throws
        -> (data: Data, contentType: String?)?
    {
        try await downloadAttachment(of: MessageContent(json: content), maxBytes: maxBytes)
    }

    public func downloadAttachment(of content: MessageContent, maxBytes: Int = 100 * 1024 * 1024) async throws
        -> (data: Data, contentType: String?)?
    {
        // A slow remote homeserver, for the test that one room's download never holds up another room.
        if let delay = ProcessInfo.processInfo.environment["TROUPE_DEBUG_MEDIA_DELAY_MS"].flatMap(UInt64.init) {
            try await Task.sleep(nanoseconds: delay * 1_000_000)
        }
        if let url = content.url {
            return try await downloadMedia(url, maxBytes: maxBytes)
        }
        guard let file = content.file, let url = file["url"]?.stringValue else { return nil }
        let (ciphertext, _) = try await downloadMedia(ContentURI(url), maxBytes: maxBytes)
        return (try EncryptedAttachment.decrypt(ciphertext, file: file), file["mimetype"]?.stringValue)
    }
}
