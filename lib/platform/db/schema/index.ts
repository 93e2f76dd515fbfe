/**
 * The database schema, one file per area. Everything is re-exported here: `lib/platform/db/schema` is the
 * one import path, and drizzle-kit reads this folder (drizzle.config.ts).
 */
export * from './accounts';
export * from './teams';
export * from './videos';
export * from './recording';
export * from './queue';
export * from './transcripts';
export * from './notify';
export * from './social';
export * from './analytics';

