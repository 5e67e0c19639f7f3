import { extname } from 'node:path'
import { CocError } from '../errors.js'
import type { Principal } from '../fixtures.js'
import type { AttachmentRecord, AttachmentStore } from '../stores/attachment-store.js'

/**
 * The largest file an upload takes: "Uploading an Attachment" allows files up to 10 MB. Over it
 * the answer is 413 (see docs/contract-notes.md).
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/** The file types "Uploading an Attachment" lists (.jpg, .png, .docx, .txt, .pdf); .jpeg is .jpg's other spelling. */
const ATTACHMENT_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.docx', '.txt', '.pdf']

const MAX_DOC_NAME = 255

export interface UploadedFile {
  filename: string
  mimetype: string
  bytes: Buffer
}

export interface AttachmentService {
  /** Stores a file in the caller's domain; answers its id and name. */
  upload (principal: Principal, ticketType: string, file: UploadedFile): { doc_id: string, doc_name: string }
  /** The caller's domain's attachment, bytes included; another domain's is not found. */
  download (principal: Principal, docId: string): AttachmentRecord
  /** Which of the ids a workflow step names are not attachments of the domain. */
  missing (domainId: string, docIds: readonly string[]): string[]
}

function attachmentNotFound (docId: string): CocError {
  return new CocError('resourceNotFound', `doc_id: no attachment [${docId}] exists`)
}

/** 32 hex digits: the upload's millisecond then a counter, so that ids sort by age and never repeat. */
function newDocId (seq: number, now: number): string {
  return now.toString(16).padStart(12, '0').slice(-12) + seq.toString(16).padStart(20, '0')
}

export function createAttachmentService (store: AttachmentStore, now: () => number): AttachmentService {
  return {
    upload (principal, ticketType, file) {
      const name = file.filename.trim()
      if (name === '') throw new CocError('validation', 'file: the file part has no file name')
      if (name.length > MAX_DOC_NAME) throw new CocError('validation', `file: the file name must NOT have more than ${MAX_DOC_NAME} characters`)
      const extension = extname(name).toLowerCase()
      if (!ATTACHMENT_EXTENSIONS.includes(extension)) {
        throw new CocError('validation', `file: [${name}] is not one of the supported file types (${ATTACHMENT_EXTENSIONS.join(', ')})`)
      }
      const time = now()
      const record: AttachmentRecord = {
        doc_id: newDocId(store.nextSeq(), time),
        domain_id: principal.domainId,
        doc_name: name,
        content_type: file.mimetype,
        size: file.bytes.length,
        ticket_type: ticketType,
        creator: principal.userId,
        create_time: time,
        content: file.bytes
      }
      store.insert(record)
      return { doc_id: record.doc_id, doc_name: record.doc_name }
    },
    download (principal, docId) {
      const record = store.get(principal.domainId, docId)
      if (record === undefined) throw attachmentNotFound(docId)
      return record
    },
    missing: (domainId, docIds) => store.missing(domainId, docIds)
  }
}
