export * from './model-files.ts';
