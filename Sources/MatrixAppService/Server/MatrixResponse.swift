import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Every answer the endpoint gives is JSON with an explicit length: a response without
/// `Content-Length` makes Synapse mark the appservice down (matrix-facts.md, gotcha 1).
enum MatrixResponse {
    static let emptyObject = json(Data("{}".utf8))

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        let buffer = ByteBuffer(bytes: data)
        return Response(
            status: status,
            headers: [.contentType: "application/json", .contentLength: String(buffer.readableBytes)],
            body: ResponseBody(byteBuffer: buffer))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        json((try? value.jsonData()) ?? Data("{}".utf8), status: status)
    }

    static func error(_ error: MatrixError) -> Response {
        json(error.jsonBody, status: HTTPResponse.Status(code: error.status))
    }
}

/// Turns whatever escapes a route (no route, wrong method, a thrown error) into a Matrix error body.
struct MatrixErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as MatrixError {
            return MatrixResponse.error(error)
        } catch let error as HTTPError where error.status == .notFound {
            return MatrixResponse.error(.unrecognized())
        } catch let error as HTTPError where error.status == .methodNotAllowed {
            return MatrixResponse.error(.unrecognized(status: 405, "Method not allowed"))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return MatrixResponse.error(.init(status: 413, errcode: "M_TOO_LARGE", message: "Request body too large"))
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return MatrixResponse.error(.unknown("Internal error"))
        }
    }
}
