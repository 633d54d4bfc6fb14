import DigitReaderCore
import DigitReaderStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The correction route and the administration routes (`Route.feedback`, and the routes marked
/// `admin` in `Route.api`).
///
/// `POST /api/feedback` exists whenever the server has a store. The administration routes exist
/// only when an administrator token is set: without one they are not registered at all.
public struct FeedbackRoutes: Sendable {
    let engine: RecognitionEngine
    let store: (any FeedbackStore)?
    let adminToken: AdminToken?
    let reloader: ModelReloader?
    let maxBodyBytes: Int

    public init(engine: RecognitionEngine, store: (any FeedbackStore)?, adminToken: AdminToken?, reloader: ModelReloader?, maxBodyBytes: Int) {
        self.engine = engine
        self.store = store
        self.adminToken = adminToken
        self.reloader = reloader
        self.maxBodyBytes = maxBodyBytes
    }

    /// The routes of `Route.api` this type registers, when it does.
    static let owned: Set<Route> = [.feedback, .feedbackList, .feedbackExport, .feedbackDelete, .reload]

    /// Whether the server answers `route`: every route this type does not own, and those of its
    /// own that its store and token allow.
    func serves(_ route: Route) -> Bool {
        guard Self.owned.contains(route) else { return true }
        if route == .reload { return adminToken != nil }
        return store != nil && (!route.admin || adminToken != nil)
    }

    func register(on router: Router<BasicRequestContext>) {
        if let store {
            router.on(Route.feedback) { request, _ in try await receive(request, into: store) }
        }
        guard let adminToken else { return }
        if let store {
            router.on(Route.feedbackList) { request, _ in
                try adminToken.authorize(request)
                let query = request.uri.queryParameters
                let cursor = try FeedbackListing.cursor(after: query["after"], limit: query["limit"])
                do throws(StorageError) {
                    return JSONResponse.make(FeedbackListing(try await store.page(after: cursor.after, limit: cursor.limit)))
                } catch {
                    throw APIError.storage(error)
                }
            }
            router.on(Route.feedbackExport) { request, _ in
                try adminToken.authorize(request)
                let records: [FeedbackRecord]
                do throws(StorageError) {
                    records = try await store.all()
                } catch {
                    throw APIError.storage(error)
                }
                var headers = HTTPFields()
                headers[.contentType] = "application/zip"
                headers[.contentDisposition] = #"attachment; filename="digit-reader-corrections.zip""#
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try FeedbackExport.zip(records))))
            }
            router.on(Route.feedbackDelete) { request, context in
                try adminToken.authorize(request)
                let text = context.parameters.get("id") ?? ""
                guard let id = UUID(uuidString: text) else { throw APIError.invalidFeedbackID(text) }
                let deleted: Bool
                do throws(StorageError) {
                    deleted = try await store.delete(id)
                } catch {
                    throw APIError.storage(error)
                }
                guard deleted else { throw APIError.unknownFeedback(text) }
                return JSONResponse.make(FeedbackReceipt(id: id.uuidString.lowercased()))
            }
        }
        router.on(Route.reload) { request, _ in
            try adminToken.authorize(request)
            guard let reloader else { throw APIError.reloadUnavailable }
            return JSONResponse.make(try await reloader.reload())
        }
    }

    /// Stores one correction and answers 201 with its id once the store has committed it.
    func receive(_ request: Request, into store: any FeedbackStore) async throws(APIError) -> Response {
        let key = try FeedbackSubmission.idempotencyKey(request.headers[.idempotencyKey])
        let contentType = request.headers[.contentType]
        let body = try await DigitReaderApplication.body(of: request, limit: maxBodyBytes)
        let upload = try Upload.parse(body: body, contentType: contentType)
        let submission =
            Upload.isJSON(body: body, contentType: contentType)
            ? try FeedbackSubmission.fromJSON(body)
            : try FeedbackSubmission.fromQuery { request.uri.queryParameters[Substring($0)] }
        // An image is kept as its file; strokes as the JSON body that carried them, and the
        // strokes alone (validated, as point lists) beside it.
        let (kept, kind, strokes): ([UInt8], String, String?) =
            switch upload {
            case .image(let bytes): (bytes, "image", nil)
            case .strokes(let drawing): (body, "strokes", Self.json(drawing))
            }
        guard kept.count <= FeedbackSubmission.maxStoredUploadBytes else { throw .uploadTooLargeToKeep(limit: FeedbackSubmission.maxStoredUploadBytes) }
        let generation = engine.models.current
        if let model = submission.model, !generation.registry.ids.contains(model) {
            throw .unknownModel(model, known: generation.registry.ids)
        }
        let assessed = try await engine.assess(upload, options: PredictionOptions(), registry: generation.registry)
        guard !assessed.comparison.empty else { throw .emptyDrawing }
        let input: [UInt8]
        do {
            input = try PNGEncoder().encode(assessed.input.digit)
        } catch {
            throw .internalFailure("The server could not encode the normalised input: \(error.description)")
        }
        var answers: [ModelAnswer] = []
        for result in assessed.comparison.results {
            let digest = generation.weightDigests[result.model]
            if submission.isNumber {
                // A whole number is corrected against what each model reads in it as a number.
                let reading = try await engine.read(upload, options: PredictionOptions(modelID: result.model), generation: generation)
                let confidence = reading.digits.map(\.confidence).min() ?? 0
                answers.append(ModelAnswer(
                    model: result.model, digit: nil, text: reading.text, confidence: confidence, weightsSHA256: digest,
                    verifierSHA256: generation.verifierSHA256))
            } else {
                answers.append(ModelAnswer(model: result.model, digit: result.digit, confidence: result.confidence, weightsSHA256: digest))
            }
        }
        let record = FeedbackRecord(
            label: submission.label, model: submission.model, predicted: submission.predicted,
            upload: Data(kept), uploadKind: kind, strokes: strokes, inputPNG: Data(input), answers: answers,
            idempotencyKey: key)
        let id: UUID
        do throws(StorageError) {
            id = try await store.insert(record)
        } catch {
            throw .storage(error)
        }
        // A retried request gets the id stored the first time: it is one correction, counted once.
        if id == record.id { engine.metrics.correction(label: submission.label) }
        return JSONResponse.make(FeedbackReceipt(id: id.uuidString.lowercased()), status: .created)
    }

    /// The strokes as JSON point lists, `[[[x, y], ...], ...]`.
    static func json(_ drawing: StrokeDrawing) -> String? {
        let points = drawing.strokes.map { stroke in stroke.map { [$0.x, $0.y] } }
        return (try? JSONFormatting.compact.encode(points)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension HTTPField.Name {
    /// The client's key for a request it may retry (IETF draft "The Idempotency-Key HTTP Header Field").
    static let idempotencyKey = Self("Idempotency-Key")!
}
