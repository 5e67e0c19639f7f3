import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { loadUiAssets, type Asset } from '../../admin/ui-assets.js'
import { CocError } from '../../errors.js'
import { UI_DIR } from '../../paths.js'

export interface UiOptions {
  /** Where the built assets are; default dist/ui. */
  dir?: string
}

const AssetParams = Type.Object({ file: Type.String({ minLength: 1, maxLength: 100 }) })

/**
 * The dashboard at /__admin/ui: a page and its bundle, served from memory under the control
 * plane's access rule. Files, not operations: they stay out of the OpenAPI document.
 */
const uiRoutes: FastifyPluginAsyncTypebox<UiOptions> = async (app, options) => {
  let assets: ReadonlyMap<string, Asset> | null | undefined
  const send = (request: FastifyRequest, reply: FastifyReply, name: string) => {
    // Read on first use: building the app (tests do it often) stays as fast as before.
    assets ??= loadUiAssets(options.dir ?? UI_DIR)
    if (assets === null) throw new CocError('internal', 'dashboard: its assets are not built; run npm run build')
    const asset = assets.get(name)
    if (asset === undefined) throw new CocError('adminNotFound', `/__admin/ui/${name}: no such file`)
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')
    reply.type(asset.type).header('cache-control', 'no-cache').header('vary', 'accept-encoding')
    if (gzip) reply.header('content-encoding', 'gzip')
    return reply.send(gzip ? asset.gzip : asset.body)
  }
  app.get('/ui', { schema: { hide: true } }, async (request, reply) => send(request, reply, 'index.html'))
  app.get('/ui/:file', { schema: { hide: true, params: AssetParams } }, async (request, reply) => send(request, reply, request.params.file))
}

/** `GET /`: a browser that opens the emulator's address lands on the dashboard. */
export const rootRedirect: FastifyPluginAsyncTypebox = async app => {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/__admin/ui', 302))
}

export default uiRoutes
