/**
 * The database schema, one file per area. Everything is re-exported here: `lib/db/schema` is the
 * one import path, and drizzle-kit reads this folder (drizzle.config.ts).
 */
export * from './accounts';
export * from './videos';
export * from './recording';
export * from './queue';
export * from './transcripts';
export * from './notify';
export * from './social';
export * from './analytics';

import { apiTokens, authSessions, settings, throttleEvents, users } from './accounts';
import { contentAnalysis, searchDocuments, videoTranscriptions } from './transcripts';
import { events, processingJobs } from './queue';
import { notifications, webhookDeliveries, webhookEndpoints } from './notify';
import { recordingSessions, uploads } from './recording';
import { renditions, shareLinks, videos } from './videos';
import { comments, reactions } from './social';

export const schemaTables = { comments, reactions, webhookEndpoints, webhookDeliveries, contentAnalysis, videoTranscriptions, searchDocuments, users, authSessions, apiTokens, throttleEvents, settings, shareLinks, videos, recordingSessions, uploads, processingJobs, renditions, events, notifications };
