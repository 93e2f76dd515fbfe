/**
 * Every operation of API v1 by id: its method and path (plain data, for the typed client in any
 * bundle). Schemas and descriptions are in contract.ts.
 */
export const ROUTES = {
  signup: ['post', '/api/v1/auth/signup'],
  login: ['post', '/api/v1/auth/login'],
  logout: ['post', '/api/v1/auth/logout'],
  me: ['get', '/api/v1/auth/me'],
  health: ['get', '/api/v1/health'],
  openapi: ['get', '/api/v1/openapi.json'],
  createToken: ['post', '/api/v1/tokens'],
  listTokens: ['get', '/api/v1/tokens'],
  revokeToken: ['delete', '/api/v1/tokens/{id}'],
  createRecording: ['post', '/api/v1/recordings'],
  controlRecording: ['post', '/api/v1/recordings/{id}/control'],
  listVideos: ['get', '/api/v1/videos'],
  getVideo: ['get', '/api/v1/videos/{id}'],
  updateVideo: ['patch', '/api/v1/videos/{id}'],
  deleteVideo: ['delete', '/api/v1/videos/{id}'],
  videoEvents: ['get', '/api/v1/videos/{id}/events'],
  libraryEvents: ['get', '/api/v1/videos/events'],
  createShareLink: ['post', '/api/v1/videos/{id}/share-links'],
  listShareLinks: ['get', '/api/v1/videos/{id}/share-links'],
  revokeShareLink: ['delete', '/api/v1/videos/{id}/share-links/{token}'],
  unlock: ['post', '/api/v1/videos/{id}/unlock'],
  stream: ['get', '/api/v1/streams/{id}'],
  transcript: ['get', '/api/v1/videos/{id}/transcript'],
  editSegment: ['patch', '/api/v1/videos/{id}/transcript/segments/{index}'],
  search: ['get', '/api/v1/search'],
  notifications: ['get', '/api/v1/notifications'],
  readNotifications: ['post', '/api/v1/notifications/read'],
  notificationEvents: ['get', '/api/v1/notifications/events'],
  createWebhook: ['post', '/api/v1/webhooks'],
  listWebhooks: ['get', '/api/v1/webhooks'],
  deleteWebhook: ['delete', '/api/v1/webhooks/{id}'],
  webhookDeliveries: ['get', '/api/v1/webhooks/{id}/deliveries'],
  oembed: ['get', '/api/v1/oembed'],
} as const;

export type RouteId = keyof typeof ROUTES;
