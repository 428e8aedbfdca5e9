export * from './predict-folder.ts';
