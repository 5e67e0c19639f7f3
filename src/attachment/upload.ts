import { once } from 'node:events'
import type { FastifyRequest } from 'fastify'
import { UNSIGNED_PAYLOAD } from '../auth/signature.js'
import { CocError } from '../errors.js'
import { MAX_ATTACHMENT_BYTES, type UploadedFile } from './service.js'

const MIB = 1024 * 1024

/** @fastify/multipart's limits for the upload routes: one file, a few small fields. */
export const MULTIPART_LIMITS = {
  fileSize: MAX_ATTACHMENT_BYTES,
  files: 1,
  fields: 10,
  fieldSize: 64 * 1024,
  parts: 11,
  headerPairs: 100
}

const NOT_MULTIPART = 'Content-Type: must be multipart/form-data with a part named file'

/** What reading a multipart body can throw, as the COC refusal it is. */
function refusal (err: unknown): CocError {
  if (err instanceof CocError) return err
  const { code, message } = err as Error & { code?: string }
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new CocError('bodyTooLarge', `file: larger than the limit of ${MAX_ATTACHMENT_BYTES / MIB} MiB`)
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new CocError('validation', `request body: more than ${MULTIPART_LIMITS.parts} parts`)
  }
  return new CocError('validation', `request body: not a valid multipart/form-data body (${message})`)
}

/**
 * Reads the one `file` part of an upload. The bytes of the whole body are counted (the journal
 * keeps the size, never the content) and, when the signature covers the body's hash rather
 * than UNSIGNED-PAYLOAD, kept to check it once the body has been read.
 */
export async function readUpload (request: FastifyRequest): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new CocError('validation', NOT_MULTIPART)
  const raw = request.raw
  const keep = request.pendingSignature !== null && request.headers['x-sdk-content-sha256'] !== UNSIGNED_PAYLOAD
  const chunks: Buffer[] = []
  let size = 0
  // Attached in the same tick as the multipart parser's own reader, so both see every chunk.
  raw.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (keep) chunks.push(chunk)
  })
  request.journalBodySize = 0
  let file: UploadedFile
  try {
    const part = await request.file()
    if (part === undefined) throw new CocError('validation', 'file: the multipart body has no file part')
    if (part.fieldname !== 'file') throw new CocError('validation', `file: the file part is named [${part.fieldname}]; it must be named file`)
    file = { filename: part.filename, mimetype: part.mimetype, bytes: await part.toBuffer() }
    if (!raw.readableEnded) await once(raw, 'end')
  } catch (err) {
    throw refusal(err)
  } finally {
    request.journalBodySize = size
  }
  if (keep) request.verifyBodySignature(Buffer.concat(chunks))
  return file
}
