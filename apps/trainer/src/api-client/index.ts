// The trainer's API client, usable by any script that logs to hpa-lab.
export * from './api-error.ts';
export * from './artifact-upload.ts';
export * from './graphql-transport.ts';
export * from './trainer-api.ts';
export * from './types.ts';
export * from './artifact-download.ts';
export * from './model-queries.ts';
