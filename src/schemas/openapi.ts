import { Type, type Static } from '@sinclair/typebox'

/** GET /openapi.json: an OpenAPI 3.1 document; its inner objects are the OpenAPI specification's. */
export const OpenApiDocumentSchema = Type.Object({
  openapi: Type.String({ description: 'the OpenAPI version, 3.1.0' }),
  info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }),
  paths: Type.Record(Type.String(), Type.Object({}, { additionalProperties: true })),
  components: Type.Object({}, { additionalProperties: true }),
  servers: Type.Array(Type.Object({ url: Type.String(), description: Type.String() }))
}, { additionalProperties: true })
export type OpenApiDocument = Static<typeof OpenApiDocumentSchema>
