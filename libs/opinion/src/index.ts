export * from './opinion-types';
