import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../../../errors.js'
import { AuthHeaders, ErrorResponses } from '../../../../schemas/common.js'
import { CreateWarRoomBody, CreateWarRoomResponse, ListWarRoomsBody, ListWarRoomsResponse } from '../../../../schemas/warroom.js'

const TAGS = ['war rooms']

/** /v1/external/warrooms: war rooms opened on incident tickets. */
const warRoomRoutes: FastifyPluginAsyncTypebox = async app => {
  app.post('', {
    schema: {
      summary: 'Create a war room for an incident ticket (CreateWarRoom)',
      tags: TAGS,
      headers: AuthHeaders,
      body: CreateWarRoomBody,
      response: { 200: CreateWarRoomResponse, ...ErrorResponses }
    }
  }, async request => success(app.warRoomService.create(request.principal, request.body)))

  app.post('/list', {
    schema: {
      summary: 'Query war rooms (ListWarRooms)',
      tags: TAGS,
      headers: AuthHeaders,
      body: ListWarRoomsBody,
      response: { 200: ListWarRoomsResponse, ...ErrorResponses }
    }
  }, async request => success(app.warRoomService.list(request.principal, request.body)))
}

export default warRoomRoutes
